using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace LicenseBot.Core.Webex;

/// <summary>
/// The retry policy for Webex calls. Reads (and PUT/DELETE, which are idempotent) are retried on 429, 423 (file still
/// being scanned), 408, 5xx and transport errors, with exponential backoff and jitter, waiting at least what
/// <c>Retry-After</c> says. POST is retried only on 429 (Webex did not process it). PATCH — a licence change — is never
/// retried here: whether it happened must be read back first, which only the licensing service can do.
/// </summary>
public static class WebexResilience
{
    public static bool ShouldRetry(HttpMethod? method, HttpStatusCode? status, Exception? error)
    {
        if (method is null || method == HttpMethod.Patch) return false;
        var idempotent = method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Options;
        if (status is { } code)
        {
            if (code == HttpStatusCode.TooManyRequests) return true;
            if (!idempotent) return false;
            return code is HttpStatusCode.Locked or HttpStatusCode.RequestTimeout || (int)code >= 500;
        }
        return idempotent && error is HttpRequestException or Polly.Timeout.TimeoutRejectedException;
    }

    /// <summary>Failures that count towards opening the circuit: the service failing, not it asking us to slow down.</summary>
    public static bool IsServiceFailure(HttpStatusCode? status, Exception? error) =>
        status is { } code ? (int)code >= 500 : error is HttpRequestException or Polly.Timeout.TimeoutRejectedException;

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, WebexOptions options)
    {
        pipeline.AddTimeout(options.TotalTimeout);
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(options.MaxRetries, 0) is var n && n > 0 ? n : 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
            ShouldRetryAfterHeader = true,
            ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 &&
                ShouldRetry(args.Context.GetRequestMessage()?.Method, args.Outcome.Result?.StatusCode, args.Outcome.Exception)),
        });
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 20,
            SamplingDuration = options.AttemptTimeout * 2 > TimeSpan.FromSeconds(30) ? options.AttemptTimeout * 2 : TimeSpan.FromSeconds(30),
            BreakDuration = TimeSpan.FromSeconds(10),
            ShouldHandle = args => ValueTask.FromResult(IsServiceFailure(args.Outcome.Result?.StatusCode, args.Outcome.Exception)),
        });
        pipeline.AddTimeout(options.AttemptTimeout);
    }
}
