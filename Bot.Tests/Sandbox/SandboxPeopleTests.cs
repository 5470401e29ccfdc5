using System.Net.Http.Json;
using System.Text.Json;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Sandbox;

public sealed class SandboxPeopleTests : IAsyncLifetime
{
    private SandboxServer _server = null!;

    public async Task InitializeAsync() => _server = await SandboxServer.StartAsync(SandboxServer.SmallDemo(bulkPeople: 30));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Bot_reads_itself_on_people_me()
    {
        var (status, me, _) = await _server.Client("bot-token").GetJsonAsync("people/me");
        Assert.Equal(200, status);
        Assert.Equal(DemoOrg.Ids.Person("BOT-LICENSEBOT"), me.Str("id"));
        Assert.Equal(["licensebot@webex.bot"], me.GetProperty("emails").Strings());
        Assert.Equal("LicenseBot", me.Str("displayName"));
        Assert.Equal("bot", me.Str("type"));
    }

    [Fact]
    public async Task Calling_data_is_shown_to_admins_when_asked()
    {
        var admin = _server.Client(_server.Access.AdminToken);
        var (_, alice, _) = await admin.GetJsonAsync($"people/{DemoOrg.Ids.Person("P-ALICE")}?callingData=true");
        Assert.Equal("1001", alice.Str("extension"));
        Assert.Equal(DemoOrg.Ids.Location("LOC-AMS"), alice.Str("locationId"));
        var phone = alice.GetProperty("phoneNumbers")[0];
        Assert.Equal("work", phone.Str("type"));
        Assert.Equal("+31201000001", phone.Str("value"));

        var (_, plain, _) = await admin.GetJsonAsync($"people/{DemoOrg.Ids.Person("P-ALICE")}");
        Assert.False(plain.TryGetProperty("extension", out _));
    }

    [Fact]
    public async Task People_by_email_finds_one_and_unknown_finds_none()
    {
        var admin = _server.Client(_server.Access.AdminToken);
        var (_, found, _) = await admin.GetJsonAsync("people?email=NORA@acme.test&callingData=true");
        Assert.Equal(DemoOrg.Ids.Person("P-NORA"), found.GetProperty("items")[0].Str("id"));
        var (status, none, _) = await admin.GetJsonAsync("people?email=nobody@acme.test");
        Assert.Equal(200, status);
        Assert.Equal(0, none.GetProperty("items").GetArrayLength());
        Assert.Equal(404, (await admin.GetJsonAsync("people/P-NOBODY")).Status);
    }

    [Fact]
    public async Task People_list_pages_with_max_and_absolute_next_links()
    {
        var admin = _server.Client(_server.Access.AdminToken);
        var ids = new List<string>();
        var next = new Uri(_server.ApiBase, "people?max=7");
        var pages = 0;
        while (next is not null)
        {
            using var response = await admin.GetAsync(next);
            response.EnsureSuccessStatusCode();
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 7);
            ids.AddRange(items.Select(i => i.Str("id")));
            pages++;
            next = null;
            if (response.Headers.TryGetValues("Link", out var links))
            {
                var link = links.Single();
                Assert.EndsWith("rel=\"next\"", link, StringComparison.Ordinal);
                var url = link[(link.IndexOf('<', StringComparison.Ordinal) + 1)..link.IndexOf('>', StringComparison.Ordinal)];
                Assert.StartsWith(_server.BaseAddress.ToString(), url, StringComparison.Ordinal);
                next = new Uri(url);
            }
        }

        var expected = 11 + 30; // named people (the bot is not listed) + bulk users
        Assert.Equal(expected, ids.Count);
        Assert.Equal(expected, ids.Distinct().Count());
        Assert.Equal((int)Math.Ceiling(expected / 7.0), pages);
        Assert.DoesNotContain(DemoOrg.Ids.Person("BOT-LICENSEBOT"), ids);
    }

    [Theory]
    [InlineData("people?callingData=true&max=500", 100)] // Webex: with callingData=true "max will not be more than 100"
    [InlineData("people?callingData=true", 100)]
    [InlineData("people?max=500", 500)]
    public async Task People_with_calling_data_come_at_most_100_a_page_however_large_max_is(string query, int pageSize)
    {
        await using var server = await SandboxServer.StartAsync(SandboxServer.SmallDemo(bulkPeople: 250));
        var (status, page, response) = await server.Client(server.Access.AdminToken).GetJsonAsync(query);
        Assert.Equal(200, status);
        Assert.Equal(Math.Min(pageSize, 11 + 250), page.GetProperty("items").GetArrayLength());
        Assert.Equal(pageSize < 261, response.Headers.Contains("Link")); // a larger max is cut, not refused: the rest follows the link
    }

    [Fact]
    public async Task Paging_cursors_are_opaque_tokens_that_cannot_be_computed_or_altered()
    {
        var admin = _server.Client(_server.Access.AdminToken);
        var (_, _, first) = await admin.GetJsonAsync("people?max=7");
        var link = first.Headers.GetValues("Link").Single();
        var next = new Uri(link[(link.IndexOf('<', StringComparison.Ordinal) + 1)..link.IndexOf('>', StringComparison.Ordinal)]);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(next.Query);
        var cursor = query["cursor"].ToString();
        Assert.Equal(["cursor", "max"], query.Keys.Order());
        Assert.False(int.TryParse(cursor, out _), "a cursor is no page number or offset");
        Assert.True(cursor.Length >= 16, cursor);

        // Following the link works; an offset, a tampered token or the token of another query does not.
        Assert.Equal(200, (await admin.GetJsonAsync(next.ToString())).Status);
        Assert.Equal(400, (await admin.GetJsonAsync("people?max=7&cursor=7")).Status);
        Assert.Equal(400, (await admin.GetJsonAsync($"people?max=7&cursor={(cursor[0] == 'A' ? 'B' : 'A')}{cursor[1..]}")).Status);
        Assert.Equal(400, (await admin.GetJsonAsync($"people?max=8&cursor={cursor}")).Status);
    }

    [Fact]
    public async Task Inspect_shows_the_full_record_with_voicemail()
    {
        var (status, record, _) = await _server.Client("nora-token").GetJsonAsync(new Uri(_server.BaseAddress, $"sandbox/inspect/people/{DemoOrg.Ids.Person("P-ALICE")}").ToString());
        Assert.Equal(200, status);
        var calling = record.GetProperty("calling");
        Assert.Equal(DemoOrg.Ids.Location("LOC-AMS"), calling.Str("locationId"));
        Assert.True(calling.GetProperty("voicemail").GetProperty("enabled").GetBoolean());
        Assert.True(calling.GetProperty("voicemail").GetProperty("pinSet").GetBoolean());
        Assert.Equal(401, (await _server.Client(null).GetJsonAsync(new Uri(_server.BaseAddress, $"sandbox/inspect/people/{DemoOrg.Ids.Person("P-ALICE")}").ToString())).Status);
    }
}
