using System.Text;

namespace LicenseBot.Core.Webex;

/// <summary>
/// The Webex identity reads that tell a person's language, with the admin token: the SCIM user's
/// <c>preferredLanguage</c> and the org's default <c>preferredLanguage</c>. Webex asks for the scopes
/// <c>identity:people_read</c> and <c>identity:organizations_read</c>; a token without them gets 401/403, which
/// callers treat as "not known".
/// </summary>
public interface IWebexIdentity
{
    /// <summary><c>GET /identity/scim/{orgId}/v2/Users/{userId}</c>: the user's <c>preferredLanguage</c> (<c>nl_NL</c>), or null.</summary>
    Task<string?> GetUserLanguageAsync(string orgId, string personId, CancellationToken ct);

    /// <summary><c>GET /identity/organizations/{orgId}</c>: the org's default <c>preferredLanguage</c>, or null.</summary>
    Task<string?> GetOrgLanguageAsync(string orgId, CancellationToken ct);
}

/// <summary>
/// <see cref="IWebexIdentity"/> over HTTP. The identity APIs live beside <c>/v1</c> (<c>https://webexapis.com/identity/…</c>)
/// and take the bare UUIDs inside the REST API's base64 ids (<see cref="Uuid"/>).
/// </summary>
public sealed class WebexIdentityClient(IHttpClientFactory httpClients, IWebexApiBase apiBase) : IWebexIdentity
{
    private readonly WebexHttp _http = new(httpClients, WebexAdminClient.HttpClientName, apiBase);

    public async Task<string?> GetUserLanguageAsync(string orgId, string personId, CancellationToken ct) =>
        (await _http.GetOrNullAsync<IdentityRecord>(IdentityUrl($"identity/scim/{Escape(Uuid(orgId))}/v2/Users/{Escape(Uuid(personId))}"), ct))?.PreferredLanguage;

    public async Task<string?> GetOrgLanguageAsync(string orgId, CancellationToken ct) =>
        (await _http.GetOrNullAsync<IdentityRecord>(IdentityUrl($"identity/organizations/{Escape(Uuid(orgId))}"), ct))?.PreferredLanguage;

    /// <summary>
    /// The UUID inside a Webex REST id (base64url of <c>ciscospark://us/PEOPLE/{uuid}</c>); an id that is not such a
    /// wrapper is returned as it is.
    /// </summary>
    public static string Uuid(string id)
    {
        try
        {
            var base64 = id.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            if (text.StartsWith("ciscospark://", StringComparison.Ordinal)) return text[(text.LastIndexOf('/') + 1)..];
        }
        catch (FormatException)
        {
        }
        return id;
    }

    private string IdentityUrl(string relative)
    {
        var root = apiBase.Url.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? apiBase.Url[..^3] : apiBase.Url;
        return $"{root}/{relative}";
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private sealed record IdentityRecord(string? PreferredLanguage);
}
