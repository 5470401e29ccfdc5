using System.Text.Json;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.AspNetCore.WebUtilities;

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

    public static int Offset(HttpRequest r, string name)
    {
        var raw = r.Query[name].ToString();
        return raw.Length == 0 ? 0 : int.TryParse(raw, out var v) && v >= 0 ? v : throw SandboxApiException.BadRequest($"Invalid paging cursor {name}.");
    }

    /// <summary>One page of <paramref name="all"/> from the <paramref name="cursor"/> offset; sets <c>Link: &lt;…&gt;; rel="next"</c> when more follow.</summary>
    public static IReadOnlyList<T> Page<T>(HttpContext ctx, IReadOnlyList<T> all, int size, string cursor = "start")
    {
        var start = Offset(ctx.Request, cursor);
        var page = all.Skip(start).Take(size).ToList();
        if (start + size < all.Count) SetNext(ctx, new Dictionary<string, string?> { [cursor] = (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return page;
    }

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
