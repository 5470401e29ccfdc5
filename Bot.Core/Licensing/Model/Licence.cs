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
    /// <summary>
    /// A licence id the org's licence list does not hold (another org's, or one removed since): it keeps its id for the
    /// bot, and reads "a licence not in this org's list" to the admin, never the raw Webex id.
    /// </summary>
    public static Licence NotInOrg(string id) =>
        new(id, UnknownName, new LicenceKind(ServiceFamily.Other), null, SubscriptionState.Active, 0, 0);

    /// <summary>What an admin reads for a licence id that is not in the org's list.</summary>
    public static string UnknownName => Text.BotText.Get("licensing.licence_unknown");

    public ServiceFamily Family => Kind.Family;
    public int FreeUnits => Math.Max(0, TotalUnits - ConsumedUnits);
    public bool CanBeAdded => SubscriptionState == SubscriptionState.Active;

    /// <summary>
    /// How every card names the licence, so an admin can tell it from its twins: "Webex Calling - Professional [Sub-NEW]";
    /// a meeting licence also names its site: "Meeting - Webex Meetings (acme.webex.com) [Sub-OLD]".
    /// </summary>
    public string Label
    {
        get
        {
            var name = Family == ServiceFamily.Meetings && !string.IsNullOrEmpty(SiteUrl) ? $"{Name} ({SiteUrl})" : Name;
            return SubscriptionId is null ? name : $"{name} [{SubscriptionId}]";
        }
    }
}
