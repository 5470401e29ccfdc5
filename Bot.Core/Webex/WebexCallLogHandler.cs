using System.Diagnostics;
using LicenseBot.Core.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Webex;

/// <summary>
/// Logs each attempt as method, path (no query: it may hold e-mail addresses), status, time and tracking id.
/// It replaces the default HttpClient loggers, whose structured state carries raw header values — tokens included.
/// Each attempt is also a span (<see cref="Telemetry.StartWebexCall"/>: operation, status, Webex's <c>TrackingID</c>; never
/// a header, URL or query) and is counted by operation and status (<see cref="Telemetry.WebexCalls"/>), so 429s and 5xx show.
/// </summary>
public sealed class WebexCallLogHandler(ILogger<WebexCallLogHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var operation = Telemetry.Operation(request.Method, request.RequestUri);
        using var span = Telemetry.StartWebexCall(operation);
        var started = Stopwatch.GetTimestamp();
        var status = 0;
        try
        {
            var response = await base.SendAsync(request, ct);
            status = (int)response.StatusCode;
            var trackingId = WebexErrors.TrackingId(response);
            span?.SetTag(Telemetry.Tags.Status, status);
            if (trackingId is not null) span?.SetTag(Telemetry.Tags.TrackingId, trackingId);
            if (status >= 400) span?.SetStatus(ActivityStatusCode.Error);
            logger.LogDebug("Webex {Method} {Path} answered {Status} in {ElapsedMs} ms (tracking id {TrackingId})",
                request.Method.Method, request.RequestUri?.AbsolutePath, status, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, trackingId);
            return response;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            logger.LogDebug("Webex {Method} {Path} failed after {ElapsedMs} ms: {Error}",
                request.Method.Method, request.RequestUri?.AbsolutePath, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, e.GetType().Name);
            throw;
        }
        finally
        {
            var tags = new TagList { { Telemetry.Tags.Operation, operation }, { Telemetry.Tags.Status, status } };
            Telemetry.WebexCalls.Add(1, tags);
            Telemetry.WebexCallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }
}
