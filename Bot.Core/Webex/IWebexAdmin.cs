using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Core.Webex;

/// <summary>
/// The admin side of Webex, called with the admin token (integration or service app), never the bot token.
/// Owned by Licensing's needs; implemented over HTTP by <c>WebexAdminClient</c>.
/// Failures throw <see cref="WebexApiException"/>.
/// </summary>
public interface IWebexAdmin
{
    /// <summary><c>GET /people/me</c> with the admin token: the admin (or service app) whose authority the bot uses; its <c>orgId</c> is the org it manages.</summary>
    Task<WebexPerson> GetMeAsync(CancellationToken ct);

    /// <summary><c>GET /people/{id}</c>; null when Webex answers 404.</summary>
    Task<WebexPerson?> GetPersonAsync(string personId, bool callingData, CancellationToken ct);

    /// <summary><c>GET /people?email=</c>; null when nobody in the org has that address.</summary>
    Task<WebexPerson?> FindPersonByEmailAsync(string email, bool callingData, CancellationToken ct);

    /// <summary>
    /// <c>GET /people?id=a,b,…</c>: up to <see cref="WebexAdminClient.MaxIdsPerList"/> people by id, one call. Webex leaves
    /// the admin fields (licences, roles) and presence (status) out of such a list; calling data is there when asked for.
    /// </summary>
    Task<IReadOnlyList<WebexPerson>> ListPeopleByIdAsync(IReadOnlyList<string> personIds, bool callingData, CancellationToken ct);

    /// <summary>Every person of the org, following <c>Link: rel="next"</c> page by page.</summary>
    IAsyncEnumerable<WebexPerson> ListPeopleAsync(bool callingData, CancellationToken ct);

    /// <summary><c>GET /licenses</c>.</summary>
    Task<IReadOnlyList<WebexLicense>> ListLicensesAsync(CancellationToken ct);

    /// <summary>Everyone a licence is assigned to: <c>GET /licenses/{id}?includeAssignedTo=user</c>, all pages.</summary>
    IAsyncEnumerable<WebexLicenseUser> ListLicenseUsersAsync(string licenseId, CancellationToken ct);

    /// <summary><c>PATCH /licenses/users</c>. A 206 is returned (not thrown) with <see cref="LicensePatchResult.IsPartial"/> set.</summary>
    Task<LicensePatchResult> PatchUserLicensesAsync(LicensePatchRequest request, CancellationToken ct);
}

/// <summary>What a licence PATCH answered: 200 or 206, the resulting licences, and Webex's tracking id.</summary>
public sealed record LicensePatchResult(int StatusCode, UserLicensesResponse Body, string? TrackingId)
{
    public bool IsPartial => StatusCode == 206;
}
