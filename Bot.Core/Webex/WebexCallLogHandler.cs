using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Webex;

/// <summary>
/// Logs each attempt as method, path (no query: it may hold e-mail addresses), status, time and tracking id.
/// It replaces the default HttpClient loggers, whose structured state carries raw header values — tokens included.
/// </summary>
public sealed class WebexCallLogHandler(ILogger<WebexCallLogHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, ct);
            logger.LogDebug("Webex {Method} {Path} answered {Status} in {ElapsedMs} ms (tracking id {TrackingId})",
                request.Method.Method, request.RequestUri?.AbsolutePath, (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, WebexErrors.TrackingId(response));
            return response;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogDebug("Webex {Method} {Path} failed after {ElapsedMs} ms: {Error}",
                request.Method.Method, request.RequestUri?.AbsolutePath, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, e.GetType().Name);
            throw;
        }
    }
}
