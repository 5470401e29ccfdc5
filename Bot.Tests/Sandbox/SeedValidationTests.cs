using System.Text;
using System.Text.Json;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Sandbox;

public sealed class SeedValidationTests
{
    private const string File = "org.json";

    private static SeedError SingleError(string json)
    {
        var ex = Assert.Throws<SandboxSeedException>(() => SeedLoader.Parse(Encoding.UTF8.GetBytes(json), File));
        return Assert.Single(ex.Errors);
    }

    private const string Head = """
        "org": {"id":"O1","displayName":"Org"},
        "subscriptions":[{"id":"S1","status":"active"}],
        "locations":[{"id":"LOC1","name":"Here"}],
        "licenses":[{"id":"L-CALL","name":"Webex Calling - Professional","subscriptionId":"S1","totalUnits":5},
                    {"id":"L-MSG","name":"Messaging","subscriptionId":"S1","totalUnits":5}],
        """;

    [Fact]
    public void Unknown_licence_id_names_file_path_and_reason()
    {
        var e = SingleError("{" + Head + """ "people":[{"id":"P1","email":"a@x.test","licenses":["L-MSG","L-NOPE"]}] }""");
        Assert.Equal(File, e.File);
        Assert.Equal("$.people[0].licenses[1]", e.Path);
        Assert.Contains("unknown licence id 'L-NOPE'", e.Reason, StringComparison.Ordinal);
        Assert.Contains("org.json: $.people[0].licenses[1]", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_id_and_duplicate_email_are_errors()
    {
        var ex = Assert.Throws<SandboxSeedException>(() => SeedLoader.Parse(Encoding.UTF8.GetBytes("{" + Head + """
            "people":[{"id":"P1","email":"a@x.test"},{"id":"P1","email":"b@x.test"},{"id":"P3","email":"A@x.test"}] }
            """), File));
        Assert.Contains(ex.Errors, e => e.Path == "$.people[1].id" && e.Reason.Contains("duplicate id", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Path == "$.people[2].email" && e.Reason.Contains("duplicate e-mail", StringComparison.Ordinal));
    }

    [Fact]
    public void Calling_licence_without_calling_data_is_an_error()
    {
        var e = SingleError("{" + Head + """ "people":[{"id":"P1","email":"a@x.test","licenses":["L-CALL"]}] }""");
        Assert.Equal("$.people[0].calling", e.Path);
        Assert.Contains("calling licence without calling data", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_location_subscription_and_room_member_are_errors()
    {
        var ex = Assert.Throws<SandboxSeedException>(() => SeedLoader.Parse(Encoding.UTF8.GetBytes("""
            { "org": {"id":"O1","displayName":"Org"},
              "subscriptions":[{"id":"S1"}],
              "licenses":[{"id":"L-CALL","name":"Webex Calling - Basic","subscriptionId":"S-GONE","totalUnits":5}],
              "people":[{"id":"P1","email":"a@x.test","licenses":["L-CALL"],"calling":{"locationId":"LOC-X","extension":"1"}}],
              "rooms":[{"id":"R1","title":"T","type":"group","members":["a@x.test","ghost@x.test"]}] }
            """), File));
        Assert.Contains(ex.Errors, e => e.Path == "$.licenses[0].subscriptionId" && e.Reason.Contains("unknown subscription 'S-GONE'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Path == "$.people[0].calling.locationId" && e.Reason.Contains("unknown location 'LOC-X'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Path == "$.rooms[0].members[1]" && e.Reason.Contains("unknown room member 'ghost@x.test'", StringComparison.Ordinal));
        Assert.All(ex.Errors, e => Assert.Equal(File, e.File));
    }

    [Fact]
    public void Malformed_json_names_the_place()
    {
        var e = SingleError("""{ "org": {"id":"O1","displayName":"Org"}, "people": [ {"id": "P1", "email": } ] }""");
        Assert.Equal(File, e.File);
        Assert.StartsWith("$.people[0]", e.Path, StringComparison.Ordinal);
        Assert.Contains("malformed JSON", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void More_holders_than_units_is_an_error()
    {
        var e = SingleError("""
            { "org": {"id":"O1","displayName":"Org"},
              "licenses":[{"id":"L-MSG","name":"Messaging","totalUnits":1}],
              "people":[{"id":"P1","email":"a@x.test","licenses":["L-MSG"]},{"id":"P2","email":"b@x.test","licenses":["L-MSG"]}] }
            """);
        Assert.Equal("$.licenses[0].totalUnits", e.Path);
    }

    [Fact]
    public void Missing_file_is_a_seed_error_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-seed-" + Guid.NewGuid().ToString("N") + ".json");
        var ex = Assert.Throws<SandboxSeedException>(() => SeedLoader.Load(path));
        Assert.Equal(path, Assert.Single(ex.Errors).File);
    }

    [Fact]
    public void Built_in_demo_org_is_valid_and_rich_enough_for_every_flow()
    {
        var seed = SeedLoader.Load(null);
        var doc = seed.Document;
        Assert.Equal(SeedLoader.BuiltInSource, seed.Source);
        Assert.True(doc.People!.Count >= 2000);
        Assert.Contains(doc.Subscriptions!, s => s.Id == "Sub-OLD" && s.Status == "active");
        Assert.Contains(doc.Subscriptions!, s => s.Id == "Sub-NEW" && s.Status == "active");
        Assert.Contains(doc.Subscriptions!, s => s.Status == "suspended");
        foreach (var family in new[] { "Webex Calling - Professional", "Webex Calling - Basic", "Webex Calling - Standard", "Unified CM - Registration", "Meeting - Webex Meetings", "Messaging", "Webex Attendant Console", "Customer Experience - Essentials", "Customer Experience - Basic" })
        {
            Assert.Contains(doc.Licenses!, l => l.Name == family && l.SubscriptionId == "Sub-OLD");
            Assert.Contains(doc.Licenses!, l => l.Name == family && l.SubscriptionId == "Sub-NEW");
        }

        var admins = doc.Rooms!.Single(r => r.Id == DemoOrg.AdminsRoomId);
        Assert.Equal("Licence admins", admins.Title);
        Assert.Contains("alice@acme.test", admins.Members!);
        Assert.Contains("nora@acme.test", admins.Members!);
        Assert.Contains(DemoOrg.BotEmail, admins.Members!);
        Assert.Contains(doc.People!, p => p.Email == "alice@acme.test" && p.Roles!.Contains("full_admin") && p.Token == "alice-token");
        Assert.Contains(doc.People!, p => p.Email == "nora@acme.test" && p.Roles!.Count == 0 && p.Token == "nora-token");
        Assert.Contains(doc.People!, p => p.External && p.Status == "pending" && p.InvitePending == true);
        Assert.Contains(doc.People!, p => p.Licenses!.Contains(DemoOrg.Ids.Licence("L-AC-OLD")));
        Assert.Contains(doc.People!, p => p.Licenses!.Contains(DemoOrg.Ids.Licence("L-CALL-PRO-SUSP")));
        Assert.Contains(doc.People!, p => p.SiteAdminOf is { Count: > 0 });
        Assert.Contains(doc.Sites!, s => s.AttendeeAccounts);
        Assert.Contains(doc.Sites!, s => !s.AttendeeAccounts);
        var calling = doc.Licenses!.Where(l => l.Name.StartsWith("Webex Calling", StringComparison.Ordinal)).ToDictionary(l => l.Id, l => l.SubscriptionId);
        var callingOld = doc.People!.Count(p => p.Licenses!.Any(l => calling.GetValueOrDefault(l) == "Sub-OLD"));
        var callingAll = doc.People!.Count(p => p.Licenses!.Any(calling.ContainsKey));
        Assert.True(callingOld > callingAll / 2, "most calling users are on Sub-OLD");
    }

    [Fact]
    public void Demo_org_is_deterministic()
    {
        Assert.Equal(SeedLoader.Load(null).ContentHash, SeedLoader.Load(null).ContentHash);
    }

    [Fact]
    public void Shipped_small_org_seed_is_valid()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Sandbox", "Seeds", "small-org.json");
        var seed = SeedLoader.Load(path);
        Assert.Contains(seed.Document.Rooms!, r => r.Id == "R-ADMINS"); // ids written in a seed file are kept as written
        Assert.Equal(JsonValueKind.Object, JsonSerializer.SerializeToElement(seed.Document).ValueKind);
    }
}
