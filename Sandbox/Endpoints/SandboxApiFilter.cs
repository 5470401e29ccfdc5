using System.Globalization;
using Microsoft.Extensions.Options;

namespace LicenseBot.Sandbox.Endpoints;

/// <summary>
/// Wraps every simulated call: tracking id, bearer token → identity (401), per-token rate limit (429 with
/// Retry-After), latency, fault injection on licence/people calls (503), and refusals in Webex's error shape.
/// </summary>
internal sealed class SandboxApiFilter(SandboxState state, IOptions<SandboxOptions> options, SandboxRandom random, SandboxRateLimiter limiter, SandboxCallCounter calls, TimeProvider time)
    : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var ctx = context.HttpContext;
        ctx.Response.Headers[SandboxHttp.TrackingHeader] = SandboxHttp.TrackingId(ctx);
        try
        {
            var token = BearerToken(ctx.Request);
            var identity = token is null ? null : state.Authenticate(token);
            if (identity is null)
            {
                return SandboxHttp.Error(ctx, 401, "The request requires a valid access token set in the Authorization request header.", 401, "Unauthorized");
            }

            SandboxHttp.SetCaller(ctx, identity);
            calls.Count(ctx.Request.Method, ctx.Request.Path.Value);
            var o = options.Value;
            if (limiter.TryAcquire(token!, o.RateLimitPerSecond, out var retryAfter) is false)
            {
                ctx.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return SandboxHttp.Error(ctx, 429, "Too many requests, retry later.", 429, $"More than {o.RateLimitPerSecond} requests per second for this token.");
            }

            if (o.LatencyMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(o.LatencyMs), time, ctx.RequestAborted).ConfigureAwait(false);

            var path = ctx.Request.Path.Value ?? "";
            if ((path.StartsWith(SandboxHosting.ApiBasePath + "/licenses", StringComparison.Ordinal) || path.StartsWith(SandboxHosting.ApiBasePath + "/people", StringComparison.Ordinal))
                && random.Chance(o.FaultRate))
            {
                return SandboxHttp.Error(ctx, 503, "Service Unavailable: Server is overloaded with requests. Try again later.", 503, "Simulated fault (Sandbox:FaultRate).");
            }

            return await next(context).ConfigureAwait(false);
        }
        catch (SandboxApiException ex)
        {
            return SandboxHttp.Error(ctx, ex.Status, ex.Message, ex.ErrorCode, ex.Description);
        }
        catch (BadHttpRequestException ex)
        {
            return SandboxHttp.Error(ctx, ex.StatusCode, ex.Message, ex.StatusCode, ex.Message);
        }
    }

    private static string? BearerToken(HttpRequest r)
    {
        var header = r.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && header.Length > prefix.Length ? header[prefix.Length..].Trim() : null;
    }
}

/// <summary>A fixed one-second window per token, on the injected clock.</summary>
internal sealed class SandboxRateLimiter(TimeProvider time)
{
    private readonly Dictionary<string, (long Window, int Count)> _windows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool TryAcquire(string token, int perSecond, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (perSecond <= 0) return true;
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var window = nowMs / 1000;
        lock (_gate)
        {
            var (w, count) = _windows.GetValueOrDefault(token);
            if (w != window) count = 0;
            if (count >= perSecond)
            {
                retryAfter = TimeSpan.FromMilliseconds(((window + 1) * 1000) - nowMs);
                return false;
            }

            _windows[token] = (window, count + 1);
            return true;
        }
    }
}

/// <summary>
/// Every call the simulated API received (429s included), by method and resource (<c>GET people</c>,
/// <c>PATCH licenses</c>, …), so a test can tell how many calls a piece of work cost.
/// </summary>
internal sealed class SandboxCallCounter
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Count(string method, string? path)
    {
        var rest = path is null ? "" : path.StartsWith(SandboxHosting.ApiBasePath + "/", StringComparison.Ordinal) ? path[(SandboxHosting.ApiBasePath.Length + 1)..] : path.TrimStart('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var resource = slash < 0 ? rest : rest[..slash];
        _counts.AddOrUpdate($"{method} {resource}", 1, (_, n) => n + 1);
    }

    public long Get(string method, string resource) => _counts.GetValueOrDefault($"{method} {resource}");
}
