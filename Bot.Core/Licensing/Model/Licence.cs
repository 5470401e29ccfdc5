namespace LicenseBot.Core.Licensing.Model;

/// <summary>One licence of the org, identified by id (names change over time).</summary>
public sealed record Licence(
    string Id,
    string Name,
    LicenceKind Kind,
    string? SubscriptionId,
    SubscriptionState SubscriptionState,
    int TotalUnits,
    int ConsumedUnits,
    string? SiteUrl = null)
{
    public ServiceFamily Family => Kind.Family;
    public int FreeUnits => Math.Max(0, TotalUnits - ConsumedUnits);
    public bool CanBeAdded => SubscriptionState == SubscriptionState.Active;

    /// <summary>"Webex Calling - Professional [Sub-NEW]": the name an admin can tell apart from its twin in another subscription.</summary>
    public string Label => SubscriptionId is null ? Name : $"{Name} [{SubscriptionId}]";
}
