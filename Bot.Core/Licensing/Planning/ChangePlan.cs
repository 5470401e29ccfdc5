using System.Text.Json.Serialization;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Rules;

namespace LicenseBot.Core.Licensing.Planning;

/// <summary>Attendee access on a meetings site being given (<c>Add</c>) or taken away.</summary>
public sealed record SiteAccountChange(string SiteUrl, bool Add);

/// <summary>A licence's free units once the plan is applied.</summary>
public sealed record UnitsAfter(string LicenceId, string Label, int TotalUnits, int FreeNow, int FreeAfter);

/// <summary>
/// One user's change, exactly as the admin confirms it: before, after, the difference, the rules' findings and the
/// units left. Serializable, so a dialog can keep it in conversation state until the admin confirms.
/// </summary>
public sealed record ChangePlan(
    string PlanId,
    LicensedUser User,
    string RequestedBy,
    DateTimeOffset CreatedAt,
    IReadOnlyList<Licence> Before,
    IReadOnlyList<Licence> After,
    IReadOnlyList<Licence> Added,
    IReadOnlyList<Licence> Removed,
    IReadOnlyList<SiteAccountChange> SiteChanges,
    IReadOnlyList<RuleFinding> Findings,
    IReadOnlyList<UnitsAfter> Units) : IJudgedChange
{
    [JsonIgnore]
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && SiteChanges.Count == 0;

    /// <summary>R5: the calling licence goes and none comes in its place — a second, explicit confirmation is needed.</summary>
    [JsonIgnore]
    public bool RemovesCallingWithoutReplacement => Removed.Any(l => l.Kind.IsCalling) && !After.Any(l => l.Kind.IsCalling);

    /// <summary>The subscriptions the change touches, in the order an admin reads them (from, then to).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> SubscriptionsInvolved =>
        Removed.Concat(Added).Select(l => l.SubscriptionId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
}
