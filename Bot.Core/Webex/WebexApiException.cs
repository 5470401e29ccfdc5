using System.Net;

namespace LicenseBot.Core.Webex;

/// <summary>
/// A Webex call that failed: HTTP status, Webex's own message and error codes, and the tracking id support asks for.
/// The message never holds a token or a request body.
/// </summary>
public sealed class WebexApiException : Exception
{
    public WebexApiException(HttpStatusCode status, string? webexMessage, IReadOnlyList<int> errorCodes, string? trackingId, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(Describe(status, webexMessage, trackingId), inner)
    {
        Status = status;
        WebexMessage = webexMessage;
        ErrorCodes = errorCodes;
        TrackingId = trackingId;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode Status { get; }
    public string? WebexMessage { get; }
    public IReadOnlyList<int> ErrorCodes { get; }
    public string? TrackingId { get; }
    public TimeSpan? RetryAfter { get; }

    public bool IsNotFound => Status == HttpStatusCode.NotFound;

    private static string Describe(HttpStatusCode status, string? message, string? trackingId) =>
        $"Webex answered {(int)status} {status}: {message ?? "(no message)"}" + (trackingId is null ? "" : $" (tracking id {trackingId})");
}
