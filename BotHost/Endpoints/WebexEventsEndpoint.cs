using System.Text.Json;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using LicenseBot.Host.Composition;

namespace LicenseBot.Host.Endpoints;

/// <summary>
/// <c>POST /api/webex/events</c>: Webex's webhook deliveries. Verifies <c>X-Spark-Signature</c> over the raw body (401 and
/// nothing else when it is missing or wrong), refuses bodies over 64 KB (413), ignores an event already seen (by
/// <c>data.id</c>, remembered in the database), and answers 200 at once: the turn runs on the background queue.
/// </summary>
public static class WebexEventsEndpoint
{
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapWebexEvents(this IEndpointRouteBuilder app)
    {
        app.MapPost(WebhookRegistrationService.EventsPath, HandleAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, WebhookSecretProvider secrets, IProcessedEventLog events,
        WebhookEventQueue queue, ILoggerFactory loggers, CancellationToken ct)
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
        if (envelope?.Data?.Id is not { Length: > 0 } eventId) return Results.BadRequest();

        if (!await events.TryRecordAsync(eventId, envelope.Resource, ct)) return Results.Ok(); // a redelivery: handled before
        if (!queue.TryEnqueue(envelope))
        {
            await events.ForgetAsync(eventId, ct);
            loggers.CreateLogger(typeof(WebexEventsEndpoint).FullName!).LogWarning("Event queue full ({Count}); Webex will deliver {EventId} again", queue.Count, eventId);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        return Results.Ok();
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
