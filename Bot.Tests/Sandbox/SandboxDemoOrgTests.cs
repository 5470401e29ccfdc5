using System.Net.Http.Json;
using System.Text.Json;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Sandbox;

/// <summary>The built-in demo org (no seed file), served: big enough for paging and bulk progress.</summary>
public sealed class SandboxDemoOrgTests
{
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
