using System.Net;
using System.Text.Json;
using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Core.Webex;

/// <summary>Turns a failed Webex answer into a <see cref="WebexApiException"/>: status, message, error codes, tracking id, Retry-After.</summary>
public static class WebexErrors
{
    private const int MaxErrorBodyChars = 16 * 1024;

    public static async Task<WebexApiException> FromResponseAsync(HttpResponseMessage response, CancellationToken ct)
    {
        WebexErrorBody? body = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (text.Length is > 0 and < MaxErrorBodyChars) body = JsonSerializer.Deserialize<WebexErrorBody>(text, WebexJson.Options);
        }
        catch (JsonException)
        {
            // Not Webex's JSON (a proxy's HTML page, say): status and headers still tell the story.
        }
        var codes = body?.Errors?.Select(e => e.ErrorCode).OfType<int>().ToList() ?? [];
        var message = body?.Message ?? body?.Errors?.FirstOrDefault(e => e.Description is not null)?.Description ?? response.ReasonPhrase;
        return new WebexApiException(response.StatusCode, message, codes, body?.TrackingId ?? TrackingId(response), RetryAfter(response));
    }

    public static string? TrackingId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("TrackingID", out var values) ? values.FirstOrDefault() : null;

    public static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>What a failure of the resilience pipeline itself (open circuit, timeout, no connection) becomes.</summary>
    public static WebexApiException FromTransport(Exception error) => error switch
    {
        Polly.CircuitBreaker.BrokenCircuitException => new WebexApiException(HttpStatusCode.ServiceUnavailable,
            "Webex failed repeatedly; calls are paused for a moment.", [], null, TimeSpan.FromSeconds(10), error),
        Polly.Timeout.TimeoutRejectedException => new WebexApiException(HttpStatusCode.GatewayTimeout, "Webex did not answer in time.", [], null, null, error),
        _ => new WebexApiException(HttpStatusCode.ServiceUnavailable, "Webex could not be reached.", [], null, null, error),
    };
}
