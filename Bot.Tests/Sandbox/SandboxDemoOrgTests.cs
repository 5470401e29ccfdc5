using System.Net.Http.Json;
using System.Text.Json;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Sandbox;

/// <summary>The built-in demo org (no seed file), served: big enough for paging and bulk progress.</summary>
public sealed class SandboxDemoOrgTests
{
    private static readonly System.Text.RegularExpressions.Regex WebexShape = new("^Y2lzY29zcGFyazovL3VzL[A-Za-z0-9_-]{40,}$");

    [Fact]
    public void Every_demo_org_id_has_webex_shape_is_the_same_on_every_build_and_is_named_by_its_key()
    {
        var doc = DemoOrg.Build(30);
        var ids = new[] { doc.Org!.Id, doc.Bot!.Id! }
            .Concat(doc.People!.Select(p => p.Id)).Concat(doc.People!.SelectMany(p => p.Licenses!))
            .Concat(doc.Licenses!.Select(l => l.Id)).Concat(doc.Rooms!.Select(r => r.Id)).Concat(doc.Locations!.Select(l => l.Id))
            .Concat(doc.People!.Select(p => p.OrgId).OfType<string>()).Concat(doc.People!.Select(p => p.Calling?.LocationId).OfType<string>())
            .ToList();
        Assert.All(ids, id => Assert.Matches(WebexShape, id));
        Assert.Equal(doc.Licenses!.Count, doc.Licenses.Select(l => l.Id).Distinct().Count());
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(doc), System.Text.Json.JsonSerializer.Serialize(DemoOrg.Build(30)));

        Assert.StartsWith("ciscospark://us/PEOPLE/", Decode(DemoOrg.Ids.Person("P-BOB")), StringComparison.Ordinal);
        Assert.Matches("^ciscospark://us/LICENSE/[0-9a-f-]{36}:[A-Z]+_[0-9a-f-]{36}$", Decode(DemoOrg.Ids.Licence("L-CALL-PRO-OLD")));
        Assert.StartsWith("ciscospark://us/ROOM/", Decode(DemoOrg.AdminsRoomId), StringComparison.Ordinal);
        Assert.StartsWith("ciscospark://us/ORGANIZATION/", Decode(DemoOrg.OrgId), StringComparison.Ordinal);
        Assert.Contains(doc.People!, p => p.Id == DemoOrg.Ids.Person("P-BOB") && p.Email == "bob@acme.test");
        Assert.Contains(doc.Licenses!, l => l.Id == DemoOrg.Ids.Licence("L-CALL-PRO-OLD") && l.Name == "Webex Calling - Professional" && l.SubscriptionId == "Sub-OLD");
        Assert.Equal(DemoOrg.Ids.Licence("L-MSG-NEW"), DemoOrg.Ids.Of("L-MSG-NEW"));
        Assert.Throws<ArgumentException>(() => DemoOrg.Ids.Licence("L-NOPE"));
        Assert.Throws<ArgumentException>(() => DemoOrg.Ids.Person("P-NOBODY"));
    }

    private static string Decode(string id)
    {
        var base64 = id.Replace('-', '+').Replace('_', '/');
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64 + new string('=', (4 - base64.Length % 4) % 4)));
    }

    [Fact]
    public async Task Built_in_demo_org_serves_thousands_of_people_in_pages_and_licence_pages_of_at_most_300()
    {
        await using var server = await SandboxServer.StartAsync(settings: new Dictionary<string, string?> { ["Sandbox:SeedFile"] = "" });
        Assert.Equal(DemoOrg.Ids.Org("ORG-ACME"), server.Access.OrgId);
        Assert.Equal("bot-token", server.Access.BotToken);
        var admin = server.Client(server.Access.AdminToken);

        var count = 0;
        Uri? next = new(server.ApiBase, "people?max=1000");
        while (next is not null)
        {
            using var response = await admin.GetAsync(next);
            count += (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength();
            next = response.Headers.TryGetValues("Link", out var l) ? new Uri(l.Single().Split('<', '>')[1]) : null;
        }

        Assert.True(count >= 2000, $"{count} people");

        var (_, licence, page) = await admin.GetJsonAsync($"licenses/{DemoOrg.Ids.Licence("L-MSG-OLD")}?includeAssignedTo=user&limit=1000");
        Assert.Equal(300, licence.GetProperty("users").GetArrayLength());
        Assert.True(licence.GetProperty("consumedUnits").GetInt32() > 2000);
        Assert.Contains("rel=\"next\"", page.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
    }
}
