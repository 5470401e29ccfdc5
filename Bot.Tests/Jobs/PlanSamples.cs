using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Tests.Harness;

namespace LicenseBot.Tests.Jobs;

/// <summary>A small org for planner tests: two subscriptions with the same calling tiers, a suspended one, and the rule-relevant licences.</summary>
internal static class PlanSamples
{
    public static readonly Licence ProOld = L("L-PRO-OLD", "Webex Calling - Professional", "Sub-OLD");
    public static readonly Licence ProNew = L("L-PRO-NEW", "Webex Calling - Professional", "Sub-NEW");
    public static readonly Licence StdNew = L("L-STD-NEW", "Webex Calling - Standard", "Sub-NEW");
    public static readonly Licence MeetOld = L("L-MTG-OLD", "Meeting - Webex Meetings", "Sub-OLD", site: "acme.webex.com");
    public static readonly Licence MsgOld = L("L-MSG-OLD", "Messaging", "Sub-OLD");
    public static readonly Licence Attendant = L("L-AC-NEW", "Webex Attendant Console", "Sub-NEW");
    public static readonly Licence CxEss = L("L-CX-NEW", "Customer Experience - Essentials", "Sub-NEW");
    public static readonly Licence ProSusp = L("L-PRO-SUSP", "Webex Calling - Professional", "Sub-SUSP", state: SubscriptionState.Suspended);

    public static readonly CallingData Calling = new("LOC-AMS", "+31201234567", "1001");

    public static OrgSnapshot Org(params SnapshotUser[] users) => Org(null, users);

    public static OrgSnapshot Org(Func<Licence, Licence>? adjust, params SnapshotUser[] users) =>
        new(new OrgLicences(new[] { ProOld, ProNew, StdNew, MeetOld, MsgOld, Attendant, CxEss, ProSusp }.Select(adjust ?? (l => l)).ToList()), users);

    public static SnapshotUser User(string name, CallingData? calling, params Licence[] licences) =>
        new(new LicensedUser($"P-{name.ToUpperInvariant()}", $"{name}@acme.test", name, UserStatus.Active, false, false,
            licences.Select(l => l.Id).ToList(), calling, [], []), name, "Test", "active");

    /// <summary>A licence of this org's size (100 units, 10 used unless said), made by <see cref="TestLicences"/>.</summary>
    public static Licence L(string id, string name, string sub, int total = 100, int used = 10, SubscriptionState state = SubscriptionState.Active, string? site = null) =>
        TestLicences.Of(id, name, sub, total, used, state, site);
}
