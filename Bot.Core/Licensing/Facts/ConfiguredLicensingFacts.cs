using LicenseBot.Core.Licensing.Model;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Licensing.Facts;

/// <summary>Subscription states and site facts from configuration (see <see cref="LicensingFactsOptions"/>).</summary>
public sealed class ConfiguredLicensingFacts(IOptionsMonitor<LicensingFactsOptions> options) : ISubscriptionStates, IMeetingSiteFacts
{
    public ValueTask<SubscriptionState> GetStateAsync(string subscriptionId, CancellationToken ct) =>
        ValueTask.FromResult(options.CurrentValue.Subscriptions.TryGetValue(subscriptionId, out var state) ? state : SubscriptionState.Active);

    public ValueTask<bool> AllowsAttendeeAccountsAsync(string siteUrl, CancellationToken ct) =>
        ValueTask.FromResult(options.CurrentValue.Sites.TryGetValue(siteUrl, out var site) && site.AttendeeAccounts);

    public ValueTask<IReadOnlyList<string>> SitesAdministeredByAsync(string personId, IReadOnlyList<string> roles, CancellationToken ct)
    {
        IReadOnlyList<string> sites = options.CurrentValue.Sites
            .Where(s => s.Value.Admins.Contains(personId, StringComparer.OrdinalIgnoreCase))
            .Select(s => s.Key)
            .ToList();
        return ValueTask.FromResult(sites);
    }
}
