using System.Text.Json;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using LicenseBot.Core.Webex.Websocket;
using LicenseBot.Host.Composition;

namespace LicenseBot.Host.Endpoints;

/// <summary>
/// <c>POST /api/webex/events</c>: Webex's webhook deliveries. Verifies <c>X-Spark-Signature</c> over the raw body (401 and
/// nothing else when it is missing or wrong), refuses bodies over 64 KB (413), hands the event to
/// <see cref="WebexEventIntake"/> and answers 200 once the event is stored in the inbox (an event already seen is
/// answered 200 and not stored again): the turn is run from the inbox by its worker. 503 only when the database cannot be written.
/// </summary>
public static class WebexEventsEndpoint
{
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapWebexEvents(this IEndpointRouteBuilder app)
    {
        app.MapPost(WebhookRegistrationService.EventsPath, HandleAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, WebhookSecretProvider secrets, IWebexEventSink intake, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBodyBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        var body = await ReadLimitedAsync(http.Request.Body, ct);
        if (body is null) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);

        var signature = http.Request.Headers[WebhookSignature.Header].ToString();
        if (!WebhookSignature.IsValid(await secrets.GetAsync(ct), body, signature)) return Results.StatusCode(StatusCodes.Status401Unauthorized);

        WebhookEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<WebhookEnvelope>(body, WebexJson.Options);
        }
        catch (JsonException)
        {
            envelope = null;
        }
        if (envelope?.Data?.Id is not { Length: > 0 }) return Results.BadRequest();

        // A redelivery (stored before) is answered 200 too; 503 only when the event could not be stored, so Webex delivers it again.
        return await intake.AcceptAsync(envelope, ct) == EventAcceptance.Busy
            ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
            : Results.Ok();
    }

    /// <summary>The body, or null when it is longer than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
