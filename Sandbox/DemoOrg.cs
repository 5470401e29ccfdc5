using System.Globalization;

namespace LicenseBot.Sandbox;

/// <summary>
/// The built-in demo org, generated in code and fully deterministic (no clock, no unseeded random):
/// two active subscriptions to move between, a suspended one, every service family, admins and a non-admin in
/// the admins' space, a partner's administrator of another org (Gina Guest of Partner Ltd) in that space too, a pending
/// external user, an Attendant Console user and thousands of ordinary people.
/// </summary>
public static class DemoOrg
{
    public const string OrgId = "ORG-ACME";
    public const string BotId = "BOT-LICENSEBOT";
    public const string BotEmail = "licensebot@webex.bot";
    public const string BotToken = "bot-token";
    public const string AdminsRoomId = "R-ADMINS";
    public const string PartnerOrgId = "ORG-PARTNER";
    public const string GinaId = "P-GINA";
    public const string GinaEmail = "gina@partner.example";
    public const string AliceDirectRoomId = "R-DM-ALICE";
    public const int DefaultBulkPeople = 2000;

    private static readonly string[] FirstNames =
        ["Anna", "Bram", "Chloe", "Daan", "Eva", "Finn", "Gijs", "Hanna", "Ivo", "Julia", "Kees", "Lotte", "Milan", "Noor", "Olaf", "Pien", "Quinten", "Roos", "Sven", "Tess", "Umut", "Vera", "Wout", "Xander", "Yara", "Zoe"];

    private static readonly string[] LastNames =
        ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf"];

    private static readonly string[] Locations = ["LOC-AMS", "LOC-RTM", "LOC-UTR", "LOC-BRU"];

    /// <summary>The demo org; <paramref name="bulkPeople"/> ordinary users on top of the named ones (tests use a few).</summary>
    public static SeedDocument Build(int bulkPeople = DefaultBulkPeople)
    {
        var licenses = new List<SeedLicense>();
        foreach (var sub in new[] { "OLD", "NEW" })
        {
            var s = "Sub-" + sub;
            licenses.Add(new($"L-CALL-PRO-{sub}", "Webex Calling - Professional", s, 3000));
            licenses.Add(new($"L-CALL-BASIC-{sub}", "Webex Calling - Basic", s, 600));
            licenses.Add(new($"L-CALL-STD-{sub}", "Webex Calling - Standard", s, 300));
            licenses.Add(new($"L-UCM-{sub}", "Unified CM - Registration", s, 100));
            licenses.Add(new($"L-MTG-{sub}", "Meeting - Webex Meetings", s, 3000, "acme.webex.com"));
            licenses.Add(new($"L-MTG-EVENTS-{sub}", "Meeting - Webex Meetings", s, 100, "acme-events.webex.com"));
            licenses.Add(new($"L-MSG-{sub}", "Messaging", s, 3000));
            licenses.Add(new($"L-AC-{sub}", "Webex Attendant Console", s, 50));
            licenses.Add(new($"L-CXE-{sub}", "Customer Experience - Essentials", s, 100));
            licenses.Add(new($"L-CXB-{sub}", "Customer Experience - Basic", s, 100));
        }

        licenses.Add(new("L-CALL-PRO-SUSP", "Webex Calling - Professional", "Sub-SUSP", 20));
        licenses.Add(new("L-MSG-SUSP", "Messaging", "Sub-SUSP", 20));

        var people = new List<SeedPerson>
        {
            Named("P-ALICE", "alice@acme.test", "Alice", "Admin", "alice-token", ["full_admin"],
                ["L-CALL-PRO-OLD", "L-MTG-OLD", "L-MSG-OLD"], Calling("LOC-AMS", "+31201000001", "1001", true, true)) with { SiteAdminOf = ["acme.webex.com"] },
            Named("P-NORA", "nora@acme.test", "Nora", "Member", "nora-token", [], ["L-MSG-OLD", "L-MTG-OLD"], null),
            Named("P-BOB", "bob@acme.test", "Bob", "Builder", "bob-token", [], ["L-CALL-PRO-OLD", "L-MSG-OLD"], Calling("LOC-AMS", "+31201000002", "1002", true, false)),
            Named("P-CAROL", "carol@acme.test", "Carol", "Console", null, [], ["L-CALL-PRO-OLD", "L-AC-OLD", "L-MSG-OLD"], Calling("LOC-RTM", "+31101000003", "1003", true, true)),
            Named("P-SAM", "sam@acme.test", "Sam", "Suspended", null, [], ["L-CALL-PRO-SUSP", "L-MSG-SUSP"], Calling("LOC-UTR", "+31301000004", "1004", true, true)),
            Named("P-STAN", "stan@acme.test", "Stan", "Standard", null, [], ["L-CALL-STD-OLD", "L-MSG-OLD"], Calling("LOC-AMS", null, "1005", false, false)),
            Named("P-CATHY", "cathy@acme.test", "Cathy", "Experience", null, [], ["L-CALL-PRO-OLD", "L-CXE-OLD", "L-MSG-OLD"], Calling("LOC-BRU", "+3221000006", "1006", true, true)),
            Named("P-UMA", "uma@acme.test", "Uma", "Migrating", null, [], ["L-UCM-OLD", "L-MSG-OLD"], null),
            Named("P-SITE", "sita@acme.test", "Sita", "Siteadmin", null, [], ["L-MTG-EVENTS-OLD", "L-MSG-OLD"], null) with { SiteAdminOf = ["acme-events.webex.com"] },
            Named("P-ERIN", "erin@partner.example", "Erin", "External", null, [], ["L-MSG-OLD"], null) with { External = true, Status = "pending", InvitePending = true },
            Named("P-OSCAR", "oscar@partner.example", "Oscar", "Outsider", null, [], ["L-MSG-OLD", "L-MTG-OLD"], null) with { External = true },
            // A partner's administrator in the admins' space: full admin of her own org, none of this org's rights.
            Named(GinaId, GinaEmail, "Gina", "Guest", "gina-token", ["full_admin"], [], null) with { OrgId = PartnerOrgId },
        };

        for (var i = 1; i <= bulkPeople; i++)
        {
            people.Add(BulkPerson(i));
        }

        return new SeedDocument
        {
            Org = new SeedOrg(OrgId, "Acme BV"),
            Bot = new SeedBot(BotId, BotEmail, "LicenseBot", BotToken),
            Subscriptions = [new("Sub-OLD", "active"), new("Sub-NEW", "active"), new("Sub-SUSP", "suspended")],
            Locations = [new("LOC-AMS", "Amsterdam"), new("LOC-RTM", "Rotterdam"), new("LOC-UTR", "Utrecht"), new("LOC-BRU", "Brussels")],
            Sites = [new("acme.webex.com", true), new("acme-events.webex.com", false)],
            Licenses = licenses,
            People = people,
            Rooms =
            [
                new(AdminsRoomId, "Licence admins", "group", ["alice@acme.test", "nora@acme.test", GinaEmail, BotEmail]),
                new(AliceDirectRoomId, null, "direct", ["alice@acme.test", BotEmail]),
                new("R-DM-NORA", null, "direct", ["nora@acme.test", BotEmail]),
                new("R-COFFEE", "Coffee corner", "group", ["alice@acme.test", "nora@acme.test", "bob@acme.test"]),
            ],
        };
    }

    private static SeedPerson BulkPerson(int i)
    {
        var first = FirstNames[i % FirstNames.Length];
        var last = LastNames[(i / FirstNames.Length) % LastNames.Length];
        var n = i.ToString("D4", CultureInfo.InvariantCulture);
        var licenses = new List<string> { "L-MSG-OLD" };
        if (i % 2 == 0) licenses.Add("L-MTG-OLD");
        SeedCalling? calling = null;
        var kind = i % 10;
        if (kind <= 7 || kind == 8)
        {
            licenses.Add(kind switch { 7 => "L-CALL-BASIC-OLD", 8 => "L-CALL-PRO-NEW", _ => "L-CALL-PRO-OLD" });
            var location = Locations[i % Locations.Length];
            var phone = i % 5 == 4 ? null : "+3120" + (2000000 + i).ToString(CultureInfo.InvariantCulture);
            calling = Calling(location, phone, (20000 + i).ToString(CultureInfo.InvariantCulture), i % 3 != 0, i % 2 == 0);
        }

        return new SeedPerson
        {
            Id = "P-U" + n,
            Email = $"user{n}@acme.test",
            FirstName = first,
            LastName = last,
            DisplayName = $"{first} {last} {n}",
            Status = i % 97 == 0 ? "pending" : "active",
            InvitePending = i % 97 == 0,
            Licenses = licenses,
            Calling = calling,
        };
    }

    private static SeedPerson Named(string id, string email, string first, string last, string? token, List<string> roles, List<string> licenses, SeedCalling? calling) => new()
    {
        Id = id,
        Email = email,
        FirstName = first,
        LastName = last,
        DisplayName = $"{first} {last}",
        Token = token,
        Roles = roles,
        Status = "active",
        Licenses = licenses,
        Calling = calling,
    };

    private static SeedCalling Calling(string location, string? phone, string ext, bool voicemail, bool pin) =>
        new(location, phone, ext, new SeedVoicemail(voicemail, pin));
}
