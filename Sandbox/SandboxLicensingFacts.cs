using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Facts;
using LicenseBot.Core.Licensing.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Sandbox;

/// <summary>
/// What Webex's API does not report but the seed knows — subscription states, the attendee-account feature of each
/// meetings site, who administers a site, the names of calling locations — handed to the licensing core in sandbox mode (in production it comes from
/// configuration, <c>Licensing:Subscriptions</c> / <c>Licensing:Sites</c>).
/// </summary>
internal sealed class SandboxLicensingFacts(SandboxState state) : ISubscriptionStates, IMeetingSiteFacts, ILocationNames
{
    public ValueTask<string?> GetNameAsync(string locationId, CancellationToken ct) => ValueTask.FromResult(state.LocationName(locationId));

    public ValueTask<SubscriptionState> GetStateAsync(string subscriptionId, CancellationToken ct) =>
        ValueTask.FromResult(state.SubscriptionStatus(subscriptionId)?.ToLowerInvariant() switch
        {
            "suspended" => SubscriptionState.Suspended,
            "cancelled" or "canceled" => SubscriptionState.Cancelled,
            _ => SubscriptionState.Active,
        });

    public ValueTask<bool> AllowsAttendeeAccountsAsync(string siteUrl, CancellationToken ct) =>
        ValueTask.FromResult(state.SiteAllowsAttendees(siteUrl));

    public ValueTask<IReadOnlyList<string>> SitesAdministeredByAsync(string personId, string email, IReadOnlyList<string> roles, CancellationToken ct) =>
        ValueTask.FromResult(state.FindPerson(personId)?.SiteAdminOf ?? []);

    /// <summary>Replaces the configured facts whichever of <c>AddLicensing</c> and <c>AddWebexSandbox</c> runs first.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<SandboxLicensingFacts>();
        services.RemoveAll<ISubscriptionStates>();
        services.RemoveAll<IMeetingSiteFacts>();
        services.RemoveAll<ILocationNames>();
        services.AddSingleton<ISubscriptionStates>(sp => sp.GetRequiredService<SandboxLicensingFacts>());
        services.AddSingleton<IMeetingSiteFacts>(sp => sp.GetRequiredService<SandboxLicensingFacts>());
        services.AddSingleton<ILocationNames>(sp => sp.GetRequiredService<SandboxLicensingFacts>());
        services.AddOptions<LicensingOptions>().PostConfigure<ISandboxAccess>((o, access) => o.OrgId ??= access.OrgId);
    }
}
