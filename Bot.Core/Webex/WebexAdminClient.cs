using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Core.Webex;

/// <summary>
/// <see cref="IWebexAdmin"/> over HTTP with the admin token (named client <see cref="HttpClientName"/>).
/// A licence PATCH is never retried by the pipeline (not even after 429): the caller re-reads the person and decides.
/// </summary>
public sealed class WebexAdminClient(IHttpClientFactory httpClients, IWebexApiBase apiBase) : IWebexAdmin
{
    public const string HttpClientName = "webex-admin";

    /// <summary>Webex's page size limit with <c>callingData=true</c>.</summary>
    private const int PeoplePageSize = 100;
    private const int PeoplePageSizeWithoutCalling = 1000;
    private const int LicenseUsersPageSize = 300;

    /// <summary>List People's <c>id</c> parameter takes at most 85 ids.</summary>
    public const int MaxIdsPerList = 85;

    private readonly WebexHttp _http = new(httpClients, HttpClientName, apiBase);

    public Task<WebexPerson> GetMeAsync(CancellationToken ct) => _http.GetAsync<WebexPerson>("people/me", ct);

    public Task<WebexPerson?> GetPersonAsync(string personId, bool callingData, CancellationToken ct) =>
        _http.GetOrNullAsync<WebexPerson>($"people/{Uri.EscapeDataString(personId)}{(callingData ? "?callingData=true" : "")}", ct);

    public async Task<WebexPerson?> FindPersonByEmailAsync(string email, bool callingData, CancellationToken ct)
    {
        var page = await _http.GetAsync<ListResponse<WebexPerson>>($"people?email={Uri.EscapeDataString(email)}{(callingData ? "&callingData=true" : "")}", ct);
        return page.Items?.FirstOrDefault(p => p.Emails.Contains(email, StringComparer.OrdinalIgnoreCase)) ?? page.Items?.FirstOrDefault();
    }

    public async Task<IReadOnlyList<WebexPerson>> ListPeopleByIdAsync(IReadOnlyList<string> personIds, bool callingData, CancellationToken ct)
    {
        if (personIds.Count == 0) return [];
        if (personIds.Count > MaxIdsPerList) throw new ArgumentException($"At most {MaxIdsPerList} ids per call.", nameof(personIds));
        var ids = string.Join(',', personIds.Select(Uri.EscapeDataString));
        var list = new List<WebexPerson>(personIds.Count);
        await foreach (var person in _http.PagesAsync<WebexPerson>($"people?id={ids}&max={PeoplePageSize}{(callingData ? "&callingData=true" : "")}", ct)) list.Add(person);
        return list;
    }

    /// <remarks>
    /// Pages of 100 with calling data (Webex's limit there), of 1,000 without: the spec names no limit for that case; a
    /// server that pages smaller still links the next page, so asking for more only saves round trips.
    /// </remarks>
    public IAsyncEnumerable<WebexPerson> ListPeopleAsync(bool callingData, CancellationToken ct) =>
        _http.PagesAsync<WebexPerson>(callingData ? $"people?max={PeoplePageSize}&callingData=true" : $"people?max={PeoplePageSizeWithoutCalling}", ct);

    public async Task<IReadOnlyList<WebexLicense>> ListLicensesAsync(CancellationToken ct)
    {
        var list = new List<WebexLicense>();
        await foreach (var licence in _http.PagesAsync<WebexLicense>("licenses", ct)) list.Add(licence);
        return list;
    }

    public async IAsyncEnumerable<WebexLicenseUser> ListLicenseUsersAsync(string licenseId, [EnumeratorCancellation] CancellationToken ct)
    {
        var first = $"licenses/{Uri.EscapeDataString(licenseId)}?includeAssignedTo=user&limit={LicenseUsersPageSize}";
        await foreach (var page in _http.PageResponsesAsync<WebexLicense>(first, ct))
        {
            foreach (var user in page.Users ?? []) yield return user;
        }
    }

    public async Task<LicensePatchResult> PatchUserLicensesAsync(LicensePatchRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Patch, _http.Url("licenses/users"))
        {
            Content = JsonContent.Create(request, options: WebexJson.Options),
        };
        using var response = await _http.SendAsync(message, ct);
        var body = await response.Content.ReadFromJsonAsync<UserLicensesResponse>(WebexJson.Options, ct) ?? new UserLicensesResponse();
        return new LicensePatchResult((int)response.StatusCode, body, WebexErrors.TrackingId(response));
    }
}
