using System.Globalization;
using System.Text.RegularExpressions;
using LicenseBot.Sandbox.Mercury;

namespace LicenseBot.Sandbox;

/// <summary>
/// The built-in demo org, generated in code and fully deterministic (no clock, no unseeded random):
/// two active subscriptions to move between, a suspended one, every service family, admins and a non-admin in
/// the admins' space, a partner's administrator of another org (Gina Guest of Partner Ltd) in that space too, a pending
/// external user, an Attendant Console user and thousands of ordinary people.
/// Its ids have Webex's shape (base64url of <c>ciscospark://us/PEOPLE/{uuid}</c>, <c>…/LICENSE/{orgUuid}:{code}_{uuid}</c>,
/// <c>…/ROOM/…</c>, <c>…/LOCATION/…</c>, <c>…/ORGANIZATION/…</c>), each derived from a readable key (<c>P-BOB</c>,
/// <c>L-CALL-PRO-OLD</c>, <c>R-ADMINS</c>, <c>LOC-AMS</c>, <c>ORG-ACME</c>): the same on every build, so a restart with kept
/// state and the tests agree. <see cref="Ids"/> names them. Subscription ids keep Webex's readable form (<c>Sub-OLD</c>).
/// </summary>
public static class DemoOrg
{
    // Unchecked (Ids.Make): these initialise while Ids may still be reading the keys it checks against.
    public static readonly string OrgId = Ids.Make("ORGANIZATION", "ORG-ACME");
    public static readonly string BotId = Ids.Make("PEOPLE", "BOT-LICENSEBOT");
    public const string BotEmail = "licensebot@webex.bot";
    public const string BotToken = "bot-token";
    public static readonly string AdminsRoomId = Ids.Make("ROOM", "R-ADMINS");
    public static readonly string PartnerOrgId = Ids.Make("ORGANIZATION", "ORG-PARTNER");
    public static readonly string GinaId = Ids.Make("PEOPLE", "P-GINA");
    public const string GinaEmail = "gina@partner.example";
    public static readonly string AliceDirectRoomId = Ids.Make("ROOM", "R-DM-ALICE");
    public const int DefaultBulkPeople = 2000;

    /// <summary>
    /// The demo org's ids by their readable key, for tests and docs: <c>Ids.Person("P-BOB")</c>, <c>Ids.Licence("L-CALL-PRO-OLD")</c>,
    /// <c>Ids.Room("R-ADMINS")</c>, <c>Ids.Location("LOC-AMS")</c>, <c>Ids.Org("ORG-ACME")</c>, or <c>Ids.Of(key)</c> by the key's
    /// prefix. A key the demo org does not have throws, so a test never names an id that exists nowhere.
    /// </summary>
    public static class Ids
    {
        private const string Namespace = "licensebot-demo-org:";
        private static readonly Regex BulkPersonKey = new("^P-U[0-9]{4,6}$", RegexOptions.CultureInvariant);

        /// <summary>A person (the bot included: <c>BOT-LICENSEBOT</c>); bulk users are <c>P-U0001</c>…</summary>
        public static string Person(string key) =>
            PersonKeys.Contains(key) || BulkPersonKey.IsMatch(key) ? Make("PEOPLE", key) : throw Unknown("person", key);

        public static string Licence(string key) =>
            LicenceKeys.Contains(key) ? MakeLicence(key) : throw Unknown("licence", key);

        public static string Room(string key) =>
            RoomKeys.Contains(key) ? Make("ROOM", key) : throw Unknown("room", key);

        public static string Location(string key) =>
            LocationKeys.Contains(key) ? Make("LOCATION", key) : throw Unknown("location", key);

        public static string Org(string key) =>
            key is "ORG-ACME" or "ORG-PARTNER" ? Make("ORGANIZATION", key) : throw Unknown("org", key);

        /// <summary>The id of <paramref name="key"/>, unchecked: base64url of <c>ciscospark://us/{type}/{uuid from the key}</c>.</summary>
        internal static string Make(string type, string key) => SandboxIds.Rest(type, SandboxIds.Uuid(Namespace + key));

        internal static string MakeLicence(string key) =>
            SandboxIds.Rest("LICENSE", $"{SandboxIds.Uuid(Namespace + "ORG-ACME")}:{LicenceCode(key)}_{SandboxIds.Uuid(Namespace + key)}");

        /// <summary>Any demo id by its key's prefix (<c>P-</c>, <c>BOT-</c>, <c>L-</c>, <c>R-</c>, <c>LOC-</c>, <c>ORG-</c>).</summary>
        public static string Of(string key) => key switch
        {
            _ when key.StartsWith("LOC-", StringComparison.Ordinal) => Location(key),
            _ when key.StartsWith("ORG-", StringComparison.Ordinal) => Org(key),
            _ when key.StartsWith("L-", StringComparison.Ordinal) => Licence(key),
            _ when key.StartsWith("R-", StringComparison.Ordinal) => Room(key),
            _ => Person(key),
        };

        // Webex's licence ids carry an offer code before the uuid; these are plausible, and opaque to the bot either way.
        private static string LicenceCode(string key) => key switch
        {
            _ when key.StartsWith("L-CALL-PRO", StringComparison.Ordinal) => "BCSTD",
            _ when key.StartsWith("L-CALL-BASIC", StringComparison.Ordinal) => "BCBASIC",
            _ when key.StartsWith("L-CALL-STD", StringComparison.Ordinal) => "BCSTANDARD",
            _ when key.StartsWith("L-UCM", StringComparison.Ordinal) => "UCMR",
            _ when key.StartsWith("L-MTG", StringComparison.Ordinal) => "MC",
            _ when key.StartsWith("L-MSG", StringComparison.Ordinal) => "MS",
            _ when key.StartsWith("L-AC", StringComparison.Ordinal) => "WAC",
            _ => "CX",
        };

        private static ArgumentException Unknown(string kind, string key) =>
            new($"The demo org has no {kind} with the key '{key}'.", nameof(key));

        private static HashSet<string> PersonKeys => Keys.Value.People;
        private static HashSet<string> LicenceKeys => Keys.Value.Licences;
        private static HashSet<string> RoomKeys => Keys.Value.Rooms;
        private static HashSet<string> LocationKeys => Keys.Value.Locations;

        private static readonly Lazy<(HashSet<string> People, HashSet<string> Licences, HashSet<string> Rooms, HashSet<string> Locations)> Keys = new(() =>
        {
            var doc = BuildWithKeys(0);
            return (
                doc.People!.Select(p => p.Id).Append("BOT-LICENSEBOT").ToHashSet(StringComparer.Ordinal),
                doc.Licenses!.Select(l => l.Id).ToHashSet(StringComparer.Ordinal),
                doc.Rooms!.Select(r => r.Id).ToHashSet(StringComparer.Ordinal),
                doc.Locations!.Select(l => l.Id).ToHashSet(StringComparer.Ordinal));
        });
    }

    private static readonly string[] FirstNames =
        ["Anna", "Bram", "Chloe", "Daan", "Eva", "Finn", "Gijs", "Hanna", "Ivo", "Julia", "Kees", "Lotte", "Milan", "Noor", "Olaf", "Pien", "Quinten", "Roos", "Sven", "Tess", "Umut", "Vera", "Wout", "Xander", "Yara", "Zoe"];

    private static readonly string[] LastNames =
        ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf"];

    private static readonly string[] Locations = ["LOC-AMS", "LOC-RTM", "LOC-UTR", "LOC-BRU"];

    /// <summary>The demo org; <paramref name="bulkPeople"/> ordinary users on top of the named ones (tests use a few).</summary>
    public static SeedDocument Build(int bulkPeople = DefaultBulkPeople) => WithWebexIds(BuildWithKeys(bulkPeople));

    /// <summary>Every readable key of <paramref name="doc"/> replaced by its Webex-shaped id (e-mails, sites and subscriptions stay).</summary>
    private static SeedDocument WithWebexIds(SeedDocument doc)
    {
        static string? Person(string? key) => key is null ? null : Ids.Make("PEOPLE", key);
        static List<string>? Licences(List<string>? keys) => keys?.Select(Ids.MakeLicence).ToList();
        return doc with
        {
            Org = doc.Org! with { Id = Ids.Make("ORGANIZATION", doc.Org.Id) },
            Bot = doc.Bot! with { Id = Person(doc.Bot.Id) },
            Locations = doc.Locations!.Select(l => l with { Id = Ids.Make("LOCATION", l.Id) }).ToList(),
            Licenses = doc.Licenses!.Select(l => l with { Id = Ids.MakeLicence(l.Id) }).ToList(),
            People = doc.People!.Select(p => p with
            {
                Id = Ids.Make("PEOPLE", p.Id),
                OrgId = p.OrgId is null ? null : Ids.Make("ORGANIZATION", p.OrgId),
                Licenses = Licences(p.Licenses),
                Calling = p.Calling is { } c ? c with { LocationId = c.LocationId is null ? null : Ids.Make("LOCATION", c.LocationId) } : null,
            }).ToList(),
            Rooms = doc.Rooms!.Select(r => r with { Id = Ids.Make("ROOM", r.Id) }).ToList(),
        };
    }

    private static SeedDocument BuildWithKeys(int bulkPeople)
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
            Named("P-GINA", GinaEmail, "Gina", "Guest", "gina-token", ["full_admin"], [], null) with { OrgId = "ORG-PARTNER" },
        };

        for (var i = 1; i <= bulkPeople; i++)
        {
            people.Add(BulkPerson(i));
        }

        return new SeedDocument
        {
            Org = new SeedOrg("ORG-ACME", "Acme BV"),
            Bot = new SeedBot("BOT-LICENSEBOT", BotEmail, "LicenseBot", BotToken),
            Subscriptions = [new("Sub-OLD", "active"), new("Sub-NEW", "active"), new("Sub-SUSP", "suspended")],
            Locations = [new("LOC-AMS", "Amsterdam"), new("LOC-RTM", "Rotterdam"), new("LOC-UTR", "Utrecht"), new("LOC-BRU", "Brussels")],
            Sites = [new("acme.webex.com", true), new("acme-events.webex.com", false)],
            Licenses = licenses,
            People = people,
            Rooms =
            [
                new("R-ADMINS", "Licence admins", "group", ["alice@acme.test", "nora@acme.test", GinaEmail, BotEmail]),
                new("R-DM-ALICE", null, "direct", ["alice@acme.test", BotEmail]),
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
