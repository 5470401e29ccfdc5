using System.Net.Http.Json;
using System.Text.Json;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Sandbox;

public sealed class SandboxLicenseTests : IAsyncLifetime
{
    private SandboxServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        var seed = SandboxServer.SmallDemo(bulkPeople: 12);
        seed = seed with { Licenses = seed.Licenses!.Select(l => l.Id == DemoOrg.Ids.Licence("L-CXB-OLD") ? l with { TotalUnits = 1 } : l).ToList() };
        _server = await SandboxServer.StartAsync(seed);
        _admin = _server.Client(_server.Access.AdminToken);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<(int Status, JsonElement Json, HttpResponseMessage Response)> Patch(object body) => _admin.PatchJsonAsync("licenses/users", body);

    private static object Op(string id, string operation = "add", object? properties = null) => properties is null ? new { id, operation } : new { id, operation, properties };

    private async Task<List<string>> LicencesOf(string personId) => (await _admin.GetJsonAsync($"people/{personId}")).Json.GetProperty("licenses").Strings();

    private async Task<JsonElement> Inspect(string personId) => (await _admin.GetJsonAsync(new Uri(_server.BaseAddress, $"sandbox/inspect/people/{personId}").ToString())).Json;

    private async Task<int> Consumed(string licenseId) => (await _admin.GetJsonAsync($"licenses/{licenseId}")).Json.GetProperty("consumedUnits").GetInt32();

    [Fact]
    public async Task Swapping_the_calling_licence_in_one_patch_keeps_calling_data_and_moves_units()
    {
        var (oldBefore, newBefore) = (await Consumed(DemoOrg.Ids.Licence("L-CALL-PRO-OLD")), await Consumed(DemoOrg.Ids.Licence("L-CALL-PRO-NEW")));
        var (status, body, _) = await Patch(new
        {
            personId = DemoOrg.Ids.Person("P-BOB"),
            licenses = new[]
            {
                Op(DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), "remove"),
                Op(DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), "add", new { locationId = DemoOrg.Ids.Location("LOC-AMS"), phoneNumber = "+31201000002", extension = "1002" }),
            },
        });
        Assert.Equal(200, status);
        Assert.Equal(DemoOrg.Ids.Person("P-BOB"), body.Str("personId"));
        Assert.Equal([DemoOrg.Ids.Licence("L-MSG-OLD"), DemoOrg.Ids.Licence("L-CALL-PRO-NEW")], body.GetProperty("licenses").Strings());
        var calling = (await Inspect(DemoOrg.Ids.Person("P-BOB"))).GetProperty("calling");
        Assert.Equal("1002", calling.Str("extension"));
        Assert.True(calling.GetProperty("voicemail").GetProperty("enabled").GetBoolean());
        Assert.Equal(oldBefore - 1, await Consumed(DemoOrg.Ids.Licence("L-CALL-PRO-OLD")));
        Assert.Equal(newBefore + 1, await Consumed(DemoOrg.Ids.Licence("L-CALL-PRO-NEW")));
    }

    [Fact]
    public async Task Removing_the_calling_licence_alone_erases_calling_data()
    {
        var (status, _, _) = await Patch(new { personId = DemoOrg.Ids.Person("P-BOB"), licenses = new[] { Op(DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), "remove") } });
        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Null, (await Inspect(DemoOrg.Ids.Person("P-BOB"))).GetProperty("calling").ValueKind);
        var (_, person, _) = await _admin.GetJsonAsync($"people/{DemoOrg.Ids.Person("P-BOB")}?callingData=true");
        Assert.False(person.TryGetProperty("extension", out _));
    }

    [Fact]
    public async Task Calling_licence_without_own_properties_is_refused_even_when_replacing()
    {
        var (status, error, _) = await Patch(new { personId = DemoOrg.Ids.Person("P-BOB"), licenses = new[] { Op(DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), "remove"), Op(DemoOrg.Ids.Licence("L-CALL-PRO-NEW")) } });
        Assert.Equal(400, status);
        Assert.Equal(400411, error.ErrorCode());
        Assert.Contains(DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), error.GetProperty("errors")[0].Str("description"), StringComparison.Ordinal);
        Assert.Equal([DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD")], await LicencesOf(DemoOrg.Ids.Person("P-BOB")));
        Assert.NotEqual(JsonValueKind.Null, (await Inspect(DemoOrg.Ids.Person("P-BOB"))).GetProperty("calling").ValueKind);

        var (noLocation, e2, _) = await Patch(new { personId = DemoOrg.Ids.Person("P-NORA"), licenses = new[] { Op(DemoOrg.Ids.Licence("L-CALL-BASIC-NEW"), "add", new { extension = "3333" }) } });
        Assert.Equal(400, noLocation);
        Assert.Equal(400411, e2.ErrorCode());
    }

    [Theory]
    [InlineData("P-ALICE", "L-NOPE", "add", 400000)]
    [InlineData("P-NORA", "L-CALL-PRO-OLD", "remove", 400)]
    [InlineData("P-ALICE", "L-CALL-BASIC-NEW", "add", 400413)]
    [InlineData("P-ALICE", "L-CALL-STD-NEW", "add", 400404)]
    [InlineData("P-NORA", "L-AC-OLD", "add", 400408)]
    [InlineData("P-STAN", "L-AC-OLD", "add", 400406)]
    [InlineData("P-STAN", "L-CXE-OLD", "add", 400407)]
    [InlineData("P-NORA", "L-CALL-PRO-SUSP", "add", 400812)]
    public async Task Refusals_answer_400_with_webex_code_and_change_nothing(string personKey, string licenseKey, string operation, int code)
    {
        var personId = DemoOrg.Ids.Person(personKey);
        var licenseId = licenseKey == "L-NOPE" ? "L-NOPE" : DemoOrg.Ids.Licence(licenseKey);
        var before = await LicencesOf(personId);
        var consumed = licenseId == "L-NOPE" ? 0 : await Consumed(licenseId);
        var properties = licenseKey.StartsWith("L-CALL", StringComparison.Ordinal) && operation == "add" ? new { locationId = DemoOrg.Ids.Location("LOC-AMS"), extension = "4444" } : null;
        var (status, error, response) = await Patch(new { personId, licenses = new[] { Op(licenseId, operation, properties), Op(DemoOrg.Ids.Licence("L-CXB-NEW")) } });
        Assert.Equal(400, status);
        Assert.Equal(code, error.ErrorCode());
        Assert.False(string.IsNullOrEmpty(error.Str("trackingId")));
        Assert.Equal(error.Str("trackingId"), response.Headers.GetValues("TrackingID").Single());
        Assert.Equal(before, await LicencesOf(personId));
        if (licenseId != "L-NOPE") Assert.Equal(consumed, await Consumed(licenseId));
    }

    [Fact]
    public async Task Calling_downgrades_are_refused_R12()
    {
        var (status, error, _) = await Patch(new
        {
            personId = DemoOrg.Ids.Person("P-ALICE"),
            licenses = new[] { Op(DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), "remove"), Op(DemoOrg.Ids.Licence("L-CALL-STD-NEW"), "add", new { locationId = DemoOrg.Ids.Location("LOC-AMS"), extension = "1001" }) },
        });
        Assert.Equal(400, status);
        Assert.Equal(400112, error.ErrorCode());

        Assert.Equal(200, (await Patch(new { personId = DemoOrg.Ids.Person("P-NORA"), licenses = new[] { Op(DemoOrg.Ids.Licence("L-CXE-NEW")) } })).Status);
        var (status2, error2, _) = await Patch(new
        {
            personId = DemoOrg.Ids.Person("P-NORA"),
            licenses = new[] { Op(DemoOrg.Ids.Licence("L-CXE-NEW"), "remove"), Op(DemoOrg.Ids.Licence("L-CALL-STD-NEW"), "add", new { locationId = DemoOrg.Ids.Location("LOC-AMS"), extension = "5555" }) },
        });
        Assert.Equal(400, status2);
        Assert.Equal(400410, error2.ErrorCode());
    }

    [Fact]
    public async Task Calling_with_unified_cm_is_allowed()
    {
        Assert.Equal(200, (await Patch(new { personId = DemoOrg.Ids.Person("P-ALICE"), licenses = new[] { Op(DemoOrg.Ids.Licence("L-UCM-NEW")) } })).Status);
    }

    [Fact]
    public async Task No_free_unit_is_refused()
    {
        Assert.Equal(200, (await Patch(new { personId = DemoOrg.Ids.Person("P-NORA"), licenses = new[] { Op(DemoOrg.Ids.Licence("L-CXB-OLD")) } })).Status);
        var (status, error, _) = await Patch(new { personId = DemoOrg.Ids.Person("P-ALICE"), licenses = new[] { Op(DemoOrg.Ids.Licence("L-CXB-OLD")) } });
        Assert.Equal(400, status);
        Assert.Contains("free", error.GetProperty("errors")[0].Str("description"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await Consumed(DemoOrg.Ids.Licence("L-CXB-OLD")));
    }

    [Fact]
    public async Task Licences_of_a_suspended_subscription_can_still_be_removed()
    {
        Assert.Equal(200, (await Patch(new { personId = DemoOrg.Ids.Person("P-SAM"), licenses = new[] { Op(DemoOrg.Ids.Licence("L-MSG-SUSP"), "remove") } })).Status);
        Assert.Equal([DemoOrg.Ids.Licence("L-CALL-PRO-SUSP")], await LicencesOf(DemoOrg.Ids.Person("P-SAM")));
    }

    [Fact]
    public async Task Adding_by_unknown_email_creates_a_pending_external_person()
    {
        var (status, body, _) = await Patch(new { email = "newbie@partner.example", licenses = new[] { Op(DemoOrg.Ids.Licence("L-MSG-NEW")) } });
        Assert.Equal(200, status);
        Assert.Equal([DemoOrg.Ids.Licence("L-MSG-NEW")], body.GetProperty("licenses").Strings());
        var (_, found, _) = await _admin.GetJsonAsync("people?email=newbie@partner.example");
        var person = found.GetProperty("items")[0];
        Assert.Equal("pending", person.Str("status"));
        Assert.Equal("true", person.GetProperty("invitePending").GetString());
        var (_, license, _) = await _admin.GetJsonAsync($"licenses/{DemoOrg.Ids.Licence("L-MSG-NEW")}?includeAssignedTo=user");
        Assert.Contains(license.GetProperty("users").EnumerateArray(), u => u.Str("email") == "newbie@partner.example" && u.Str("type") == "EXTERNAL");
    }

    [Fact]
    public async Task Removing_all_licences_of_an_external_person_removes_them_from_the_org()
    {
        var before = await Consumed(DemoOrg.Ids.Licence("L-MSG-OLD"));
        var (status, body, _) = await Patch(new { email = "oscar@partner.example", licenses = new[] { Op(DemoOrg.Ids.Licence("L-MSG-OLD"), "remove"), Op(DemoOrg.Ids.Licence("L-MTG-OLD"), "remove") } });
        Assert.Equal(200, status);
        Assert.Equal(0, body.GetProperty("licenses").GetArrayLength());
        Assert.Equal(0, (await _admin.GetJsonAsync("people?email=oscar@partner.example")).Json.GetProperty("items").GetArrayLength());
        Assert.Equal(404, (await _admin.GetJsonAsync($"people/{DemoOrg.Ids.Person("P-OSCAR")}")).Status);
        Assert.Equal(before - 1, await Consumed(DemoOrg.Ids.Licence("L-MSG-OLD")));
    }

    [Fact]
    public async Task Attendee_accounts_follow_rule_R4()
    {
        Assert.Equal(200, (await Patch(new { personId = DemoOrg.Ids.Person("P-NORA"), siteUrls = new[] { new { siteUrl = "acme.webex.com", accountType = "attendee", operation = "add" } } })).Status);
        var (noFeature, e1, _) = await Patch(new { personId = DemoOrg.Ids.Person("P-NORA"), siteUrls = new[] { new { siteUrl = "acme-events.webex.com", accountType = "attendee" } } });
        Assert.Equal((400, 400216), (noFeature, e1.ErrorCode()));
        var (siteAdmin, e2, _) = await Patch(new { personId = DemoOrg.Ids.Person("P-ALICE"), siteUrls = new[] { new { siteUrl = "acme.webex.com", accountType = "attendee" } } });
        Assert.Equal((400, 400216), (siteAdmin, e2.ErrorCode()));
    }

    [Fact]
    public async Task Licence_assignees_page_by_limit_with_next_links_and_match_consumed_units()
    {
        var consumed = await Consumed(DemoOrg.Ids.Licence("L-MSG-OLD"));
        var users = new List<JsonElement>();
        var next = new Uri(_server.ApiBase, $"licenses/{DemoOrg.Ids.Licence("L-MSG-OLD")}?includeAssignedTo=user&limit=4");
        while (next is not null)
        {
            using var response = await _admin.GetAsync(next);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            var items = page.GetProperty("users").EnumerateArray().ToList();
            Assert.True(items.Count <= 4);
            users.AddRange(items);
            next = response.Headers.TryGetValues("Link", out var l) ? new Uri(l.Single().Split('<', '>')[1]) : null;
        }

        Assert.Equal(consumed, users.Count);
        Assert.Equal(consumed, users.Select(u => u.Str("id")).Distinct().Count());
        Assert.Contains(users, u => u.Str("id") == DemoOrg.Ids.Person("P-ERIN") && u.Str("type") == "EXTERNAL");
        Assert.Contains(users, u => u.Str("id") == DemoOrg.Ids.Person("P-BOB") && u.Str("type") == "INTERNAL" && u.Str("email") == "bob@acme.test");
    }

    [Fact]
    public async Task A_holder_list_read_while_holders_leave_it_skips_none_of_those_still_holding()
    {
        var licence = DemoOrg.Ids.Licence("L-MSG-OLD");
        async Task<(List<string> Ids, Uri? Next)> PageAsync(Uri uri)
        {
            using var response = await _admin.GetAsync(uri);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            var ids = page.GetProperty("users").EnumerateArray().Select(u => u.Str("id")!).ToList();
            return (ids, response.Headers.TryGetValues("Link", out var l) ? new Uri(l.Single().Split('<', '>')[1]) : null);
        }

        var (first, next) = await PageAsync(new Uri(_server.ApiBase, $"licenses/{licence}?includeAssignedTo=user&limit=4"));
        Assert.NotNull(next);
        // Two holders already listed lose the licence before the next page is read: with a cursor that counted
        // positions, the two holders after the page would slide back over it and never be listed.
        var internals = first.Where(id => !id.Equals(DemoOrg.Ids.Person("P-ERIN"), StringComparison.Ordinal)).Take(2).ToList();
        foreach (var id in internals) Assert.Equal(200, (await Patch(new { personId = id, licenses = new[] { Op(licence, "remove") } })).Status);
        var seen = new List<string>(first);
        while (next is not null)
        {
            (var ids, next) = await PageAsync(next);
            seen.AddRange(ids);
        }

        var (_, whole, _) = await _admin.GetJsonAsync($"licenses/{licence}?includeAssignedTo=user&limit=300");
        var holding = whole.GetProperty("users").EnumerateArray().Select(u => u.Str("id")!).ToList();
        Assert.Empty(holding.Except(seen));
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Licence_list_computes_consumed_units_from_assignments()
    {
        var (_, list, _) = await _admin.GetJsonAsync("licenses");
        var ac = list.GetProperty("items").EnumerateArray().Single(l => l.Str("id") == DemoOrg.Ids.Licence("L-AC-OLD"));
        Assert.Equal(1, ac.GetProperty("consumedUnits").GetInt32());
        Assert.Equal("Sub-OLD", ac.Str("subscriptionId"));
        var mtg = list.GetProperty("items").EnumerateArray().Single(l => l.Str("id") == DemoOrg.Ids.Licence("L-MTG-NEW"));
        Assert.Equal("acme.webex.com", mtg.Str("siteUrl"));
    }
}

public sealed class SandboxPartialPatchTests
{
    [Fact]
    public async Task Partial_rate_applies_only_the_first_operation_and_answers_206()
    {
        await using var server = await SandboxServer.StartAsync(settings: new Dictionary<string, string?> { ["Sandbox:PartialRate"] = "1" });
        var admin = server.Client(server.Access.AdminToken);
        var (status, body, _) = await admin.PatchJsonAsync("licenses/users", new
        {
            personId = DemoOrg.Ids.Person("P-BOB"),
            licenses = new object[]
            {
                new { id = DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), operation = "remove" },
                new { id = DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), operation = "add", properties = new { locationId = DemoOrg.Ids.Location("LOC-AMS"), extension = "1002" } },
            },
        });
        Assert.Equal(206, status);
        Assert.Equal([DemoOrg.Ids.Licence("L-MSG-OLD")], body.GetProperty("licenses").Strings());
        var record = (await admin.GetJsonAsync(new Uri(server.BaseAddress, $"sandbox/inspect/people/{DemoOrg.Ids.Person("P-BOB")}").ToString())).Json;
        Assert.Equal(JsonValueKind.Null, record.GetProperty("calling").ValueKind);

        var (single, _, _) = await admin.PatchJsonAsync("licenses/users", new { personId = DemoOrg.Ids.Person("P-NORA"), licenses = new[] { new { id = DemoOrg.Ids.Licence("L-CXB-NEW"), operation = "add" } } });
        Assert.Equal(200, single);
    }
}
