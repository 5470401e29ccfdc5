using System.Globalization;
using System.Text;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;

namespace LicenseBot.Tests.Jobs;

/// <summary>
/// An org for bulk tests (users on Sub-OLD with calling data) and helpers to drive a bulk flow through the real bot. Its ids
/// have Webex's shape: the people, room, location and messaging licence it shares with the demo org have the demo org's
/// ids (<see cref="DemoOrg.Ids"/>), its own licences ids of the same shape. Waiting for the bot's answers in a thread:
/// <see cref="SpaceThreads"/>.
/// </summary>
internal static class BulkSpace
{
    public static readonly string ProOld = LicenceId("L-PRO-OLD");
    public static readonly string ProNew = LicenceId("L-PRO-NEW");
    public static readonly string ProSusp = LicenceId("L-PRO-SUSP");
    public const string OldHeader = "Webex Calling - Professional [Sub-OLD]";
    public const string NewHeader = "Webex Calling - Professional [Sub-NEW]";

    public static string Email(int i) => $"user{i.ToString("D4", CultureInfo.InvariantCulture)}@acme.test";
    public static string Id(int i) => DemoOrg.Ids.Person($"P-U{i.ToString("D4", CultureInfo.InvariantCulture)}");

    private static string LicenceId(string key) =>
        LicenseBot.Sandbox.Mercury.SandboxIds.Rest("LICENSE", $"{LicenseBot.Sandbox.Mercury.SandboxIds.Uuid("bulk-space")}:BCSTD_{LicenseBot.Sandbox.Mercury.SandboxIds.Uuid("bulk-space:" + key)}");

    public static SeedDocument Seed(int users, int newUnits = 5000) => new()
    {
        Org = new SeedOrg(DemoOrg.OrgId, "Acme BV"),
        Bot = new SeedBot(DemoOrg.BotId, "licensebot@webex.bot", "LicenseBot", "bot-token"),
        Subscriptions = [new("Sub-OLD", "active"), new("Sub-NEW", "active"), new("Sub-SUSP", "suspended")],
        Locations = [new(DemoOrg.Ids.Location("LOC-AMS"), "Amsterdam")],
        Licenses =
        [
            new(ProOld, "Webex Calling - Professional", "Sub-OLD", 5000),
            new(ProNew, "Webex Calling - Professional", "Sub-NEW", newUnits),
            new(DemoOrg.Ids.Licence("L-MSG-OLD"), "Messaging", "Sub-OLD", 5000),
            new(ProSusp, "Webex Calling - Professional", "Sub-SUSP", 50),
        ],
        People =
        [
            new SeedPerson
            {
                Id = DemoOrg.Ids.Person("P-ALICE"), Email = "alice@acme.test", DisplayName = "Alice Admin", FirstName = "Alice", LastName = "Admin",
                Roles = ["full_admin"], Status = "active", Token = "alice-token", Licenses = [DemoOrg.Ids.Licence("L-MSG-OLD")],
            },
            new SeedPerson
            {
                Id = DemoOrg.Ids.Person("P-SAM"), Email = "sam@acme.test", DisplayName = "Sam Suspended", Status = "active", Licenses = [ProSusp],
                Calling = new SeedCalling(DemoOrg.Ids.Location("LOC-AMS"), "+31209999999", "9999", new SeedVoicemail(true, true)),
            },
            .. Enumerable.Range(1, users).Select(i => new SeedPerson
            {
                Id = Id(i), Email = Email(i), FirstName = "User", LastName = i.ToString(CultureInfo.InvariantCulture), DisplayName = $"User {i}",
                Status = "active", Licenses = [ProOld, DemoOrg.Ids.Licence("L-MSG-OLD")],
                Calling = new SeedCalling(DemoOrg.Ids.Location("LOC-AMS"), "+3120" + (5000000 + i).ToString(CultureInfo.InvariantCulture), (3000 + i).ToString(CultureInfo.InvariantCulture), new SeedVoicemail(true, true)),
            }),
        ],
        Rooms = [new(DemoOrg.AdminsRoomId, "Licence admins", "group", ["alice@acme.test", "licensebot@webex.bot"])],
    };

    /// <summary>A users file as an admin edits it: every user moved from Sub-OLD to Sub-NEW.</summary>
    public static string MoveFile(IEnumerable<int> users, char separator = ',', string yes = "TRUE", string no = "FALSE", string newline = "\r\n")
    {
        var text = new StringBuilder($"User ID/Email (Required){separator}Display Name{separator}{OldHeader}{separator}{NewHeader}{newline}");
        foreach (var i in users) text.Append(Email(i)).Append(separator).Append("User ").Append(i).Append(separator).Append(no).Append(separator).Append(yes).Append(newline);
        return text.ToString();
    }

    /// <summary>The lines of a results CSV after its header, split on commas (test data holds none inside cells).</summary>
    public static List<string[]> CsvLines(string text) =>
        text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
}
