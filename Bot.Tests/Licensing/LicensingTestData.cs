using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Tests.Harness;

namespace LicenseBot.Tests.Licensing;

/// <summary>A small org like the sandbox's: two subscriptions, every family, one calling user.</summary>
internal static class LicensingTestData
{
    public static readonly Licence ProOld = TestLicences.Of("L-CALL-PRO-OLD", "Webex Calling - Professional", "Sub-OLD");
    public static readonly Licence ProNew = TestLicences.Of("L-CALL-PRO-NEW", "Webex Calling - Professional");
    public static readonly Licence Basic = TestLicences.Of("L-CALL-BASIC", "Webex Calling - Basic");
    public static readonly Licence Standard = TestLicences.Of("L-CALL-STD", "Webex Calling - Standard");
    public static readonly Licence Ucm = TestLicences.Of("L-UCM", "Unified CM - Registration");
    public static readonly Licence AttConsole = TestLicences.Of("L-AC", "Webex Attendant Console");
    public static readonly Licence CxEss = TestLicences.Of("L-CX-ESS", "Customer Experience - Essentials");
    public static readonly Licence Meet = TestLicences.Of("L-MTG", "Meeting - Webex Meetings", site: "acme.webex.com");
    public static readonly Licence Msg = TestLicences.Of("L-MSG", "Messaging - Webex Messaging");
    public static readonly Licence Full = TestLicences.Of("L-FULL", "Webex Calling - Professional", "Sub-FULL", total: 5, consumed: 5);
    public static readonly Licence Suspended = TestLicences.Of("L-SUSP", "Webex Calling - Professional", "Sub-SUSP", state: SubscriptionState.Suspended);

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
