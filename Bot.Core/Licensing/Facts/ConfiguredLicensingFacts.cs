using LicenseBot.Core.Licensing.Model;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Licensing.Facts;

/// <summary>Subscription states, site facts and location names from configuration (see <see cref="LicensingFactsOptions"/>).</summary>
public sealed class ConfiguredLicensingFacts(IOptionsMonitor<LicensingFactsOptions> options) : ISubscriptionStates, IMeetingSiteFacts, ILocationNames
{
    public ValueTask<string?> GetNameAsync(string locationId, CancellationToken ct) =>
        ValueTask.FromResult<string?>(options.CurrentValue.Locations
            .FirstOrDefault(l => l.Key.Equals(locationId, StringComparison.Ordinal)).Value);

    public ValueTask<SubscriptionState> GetStateAsync(string subscriptionId, CancellationToken ct) =>
        ValueTask.FromResult(options.CurrentValue.Subscriptions
            .FirstOrDefault(s => s.Key.Equals(subscriptionId, StringComparison.OrdinalIgnoreCase)).Value);

    public ValueTask<bool> AllowsAttendeeAccountsAsync(string siteUrl, CancellationToken ct) =>
        ValueTask.FromResult(Site(siteUrl)?.AttendeeAccounts == true);

    public ValueTask<IReadOnlyList<string>> SitesAdministeredByAsync(string personId, string email, IReadOnlyList<string> roles, CancellationToken ct)
    {
        IReadOnlyList<string> sites = options.CurrentValue.Sites
            .Where(s => s.Value.Admins.Any(a => a.Equals(personId, StringComparison.Ordinal) || a.Equals(email, StringComparison.OrdinalIgnoreCase)))
            .Select(s => s.Key)
            .ToList();
        return ValueTask.FromResult(sites);
    }

    // Configuration binding may replace the dictionaries (and their comparers): look up without relying on them.
    private MeetingSiteOptions? Site(string siteUrl) =>
        options.CurrentValue.Sites.FirstOrDefault(s => s.Key.Equals(siteUrl, StringComparison.OrdinalIgnoreCase)).Value;
}
