using System.Text.Json;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace LicenseBot.Sandbox.Endpoints;

/// <summary>Small HTTP helpers shared by the simulated endpoints: caller, JSON in/out, errors, paging links.</summary>
internal static class SandboxHttp
{
    public const string TrackingHeader = "TrackingID";
    private const string IdentityKey = "sandbox.identity";
    private const string TrackingKey = "sandbox.trackingId";

    public static string TrackingId(HttpContext ctx)
    {
        if (ctx.Items[TrackingKey] is string id) return id;
        id = "SANDBOX_" + Guid.NewGuid().ToString("D");
        ctx.Items[TrackingKey] = id;
        return id;
    }

    public static void SetCaller(HttpContext ctx, SimIdentity identity) => ctx.Items[IdentityKey] = identity;

    public static SimIdentity Caller(HttpContext ctx) =>
        ctx.Items[IdentityKey] as SimIdentity ?? throw new SandboxApiException(401, "The request requires a valid access token set in the Authorization request header.");

    /// <summary><c>{scheme}://{host}/sandbox/webex/v1</c> as the caller reached it.</summary>
    public static string ApiBase(HttpRequest r) => $"{r.Scheme}://{r.Host}{r.PathBase}{SandboxHosting.ApiBasePath}";

    public static IResult Json<T>(T value, int status = StatusCodes.Status200OK) =>
        Results.Json(value, WebexJson.Options, contentType: "application/json; charset=utf-8", statusCode: status);

    public static IResult Error(HttpContext ctx, int status, string message, int errorCode, string description) =>
        Results.Json(
            new WebexErrorBody { Message = message, Errors = [new WebexErrorDetail(errorCode, description)], TrackingId = TrackingId(ctx) },
            WebexJson.Options, contentType: "application/json; charset=utf-8", statusCode: status);

    /// <summary>Reads a JSON body; malformed JSON is a Webex-shaped 400.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpContext ctx)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(ctx.Request.Body, WebexJson.Options, ctx.RequestAborted).ConfigureAwait(false)
                ?? throw SandboxApiException.BadRequest("The request body is empty.");
        }
        catch (JsonException ex)
        {
            throw SandboxApiException.BadRequest($"The request body is not valid JSON: {ex.Message}");
        }
    }

    public static int Max(HttpRequest r, int fallback, int limit)
    {
        var raw = r.Query["max"].ToString();
        if (raw.Length == 0) return fallback;
        if (!int.TryParse(raw, out var max) || max < 1) throw SandboxApiException.BadRequest("max must be a positive number.");
        return Math.Min(max, limit);
    }

    /// <summary>
    /// One page of <paramref name="all"/> from where the opaque <paramref name="cursor"/> parameter points; sets
    /// <c>Link: &lt;…&gt;; rel="next"</c> with the next cursor when more follow. A cursor is no page number or offset a client
    /// could compute: <see cref="PagingCursor"/> seals the position with the sandbox's key and binds it to the query.
    /// </summary>
    public static IReadOnlyList<T> Page<T>(HttpContext ctx, IReadOnlyList<T> all, int size, string cursor = "cursor")
    {
        var key = ctx.RequestServices.GetRequiredService<SandboxState>().CursorKey;
        var scope = CursorScope(ctx.Request, cursor);
        var raw = ctx.Request.Query[cursor].ToString();
        var start = raw.Length == 0 ? 0 : PagingCursor.Open(key, scope, raw) ?? throw SandboxApiException.BadRequest($"Invalid paging cursor {cursor}.");
        var page = all.Skip(start).Take(size).ToList();
        if (start + size < all.Count) SetNext(ctx, new Dictionary<string, string?> { [cursor] = PagingCursor.Seal(key, scope, start + size) });
        return page;
    }

    /// <summary>
    /// One page of <paramref name="sorted"/> (ordered by <paramref name="key"/>, ordinal), after the item the cursor names:
    /// a cursor that remembers where the last page ended rather than how many came before, so items taken out of the list
    /// between two pages (a licence removed from its earlier holders) shift nothing past it. Webex's licence-user cursor
    /// in its own example wraps an id (<c>LICENSE_USER_PAGING/&lt;uuid&gt;</c>), not a count: our reading of that.
    /// </summary>
    public static IReadOnlyList<T> PageAfter<T>(HttpContext ctx, IReadOnlyList<T> sorted, int size, string cursor, Func<T, string> key)
    {
        var secret = ctx.RequestServices.GetRequiredService<SandboxState>().CursorKey;
        var scope = CursorScope(ctx.Request, cursor);
        var raw = ctx.Request.Query[cursor].ToString();
        var start = 0;
        if (raw.Length > 0)
        {
            var last = PagingCursor.OpenKey(secret, scope, raw) ?? throw SandboxApiException.BadRequest($"Invalid paging cursor {cursor}.");
            var (lo, hi) = (0, sorted.Count);
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (string.CompareOrdinal(key(sorted[mid]), last) <= 0) lo = mid + 1;
                else hi = mid;
            }
            start = lo;
        }
        var page = sorted.Skip(start).Take(size).ToList();
        if (start + size < sorted.Count) SetNext(ctx, new Dictionary<string, string?> { [cursor] = PagingCursor.SealKey(secret, scope, key(page[^1])) });
        return page;
    }

    /// <summary>What a cursor is bound to: the path and every query parameter but the cursor itself.</summary>
    private static string CursorScope(HttpRequest r, string cursor) =>
        r.Path + "?" + string.Join("&", r.Query.Where(q => q.Key != cursor).OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => q.Key + "=" + q.Value));

    /// <summary>Sets the <c>Link</c> header to this request's absolute URL with <paramref name="changes"/> applied to the query.</summary>
    public static void SetNext(HttpContext ctx, IDictionary<string, string?> changes)
    {
        var r = ctx.Request;
        var query = r.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.Ordinal);
        foreach (var (k, v) in changes) query[k] = v;
        var url = QueryHelpers.AddQueryString($"{r.Scheme}://{r.Host}{r.PathBase}{r.Path}", query.Where(kv => kv.Value is not null)!);
        ctx.Response.Headers.Link = $"<{url}>; rel=\"next\"";
    }

    public static bool Flag(HttpRequest r, string name) => bool.TryParse(r.Query[name].ToString(), out var b) && b;
}
