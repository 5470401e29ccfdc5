using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Rules;

namespace LicenseBot.Tests.Licensing;

/// <summary>A small org like the sandbox's: two subscriptions, every family, one calling user.</summary>
internal static class LicensingTestData
{
    public static Licence L(string id, string name, string sub = "Sub-NEW", int total = 10, int consumed = 1, string? site = null,
        SubscriptionState state = SubscriptionState.Active) =>
        new(id, name, LicenceClassifier.Classify(name, site), sub, state, total, consumed, site);

    public static readonly Licence ProOld = L("L-CALL-PRO-OLD", "Webex Calling - Professional", "Sub-OLD");
    public static readonly Licence ProNew = L("L-CALL-PRO-NEW", "Webex Calling - Professional");
    public static readonly Licence Basic = L("L-CALL-BASIC", "Webex Calling - Basic");
    public static readonly Licence Standard = L("L-CALL-STD", "Webex Calling - Standard");
    public static readonly Licence Ucm = L("L-UCM", "Unified CM - Registration");
    public static readonly Licence AttConsole = L("L-AC", "Webex Attendant Console");
    public static readonly Licence CxEss = L("L-CX-ESS", "Customer Experience - Essentials");
    public static readonly Licence Meet = L("L-MTG", "Meeting - Webex Meetings", site: "acme.webex.com");
    public static readonly Licence Msg = L("L-MSG", "Messaging - Webex Messaging");
    public static readonly Licence Full = L("L-FULL", "Webex Calling - Professional", "Sub-FULL", total: 5, consumed: 5);
    public static readonly Licence Suspended = L("L-SUSP", "Webex Calling - Professional", "Sub-SUSP", state: SubscriptionState.Suspended);

    public static OrgLicences Org() => new([ProOld, ProNew, Basic, Standard, Ucm, AttConsole, CxEss, Meet, Msg, Full, Suspended]);

    public static readonly CallingData BobCalling = new("LOC-AMS", "+31201234568", "1002");

    public static LicensedUser User(IEnumerable<Licence> licences, CallingData? calling = null, IReadOnlyList<string>? attendee = null,
        IReadOnlyList<string>? siteAdminOf = null) =>
        new("P-BOB", "bob@acme.test", "Bob Builder", UserStatus.Active, false, false,
            licences.Select(l => l.Id).ToList(), calling, attendee ?? [], siteAdminOf ?? []);

    public static RuleContext Change(IEnumerable<Licence> before, IEnumerable<Licence> after, CallingData? calling = null,
        IReadOnlyDictionary<string, MeetingAccountType>? types = null, IReadOnlyList<string>? siteAdminOf = null,
        IReadOnlySet<string>? attendeeSites = null)
    {
        var b = before.ToList();
        return new RuleContext(User(b, calling, siteAdminOf: siteAdminOf), b, after.ToList(),
            types ?? new Dictionary<string, MeetingAccountType>(), attendeeSites ?? new HashSet<string>());
    }
}
