using LicenseBot.Core.Licensing.Model;

namespace LicenseBot.Core.Licensing.Facts;

/// <summary>
/// Where a subscription's state (active, suspended, cancelled) comes from. Webex's admin API has no endpoint for it,
/// so it is supplied by whoever knows it: configuration for a real org, the simulator's org data in sandbox mode.
/// </summary>
public interface ISubscriptionStates
{
    ValueTask<SubscriptionState> GetStateAsync(string subscriptionId, CancellationToken ct);
}
