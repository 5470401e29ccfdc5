using System.Net.Http.Json;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Sandbox;

public sealed class SandboxAuthTests : IAsyncLifetime
{
    private SandboxServer _server = null!;

    public async Task InitializeAsync() => _server = await SandboxServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task Missing_or_unknown_token_is_401_in_webex_error_shape(string? token)
    {
        var (status, json, response) = await _server.Client(token).GetJsonAsync("people/me");
        Assert.Equal(401, status);
        Assert.False(string.IsNullOrEmpty(json.Str("message")));
        Assert.Equal(401, json.ErrorCode());
        var tracking = json.Str("trackingId");
        Assert.False(string.IsNullOrEmpty(tracking));
        Assert.Equal(tracking, response.Headers.GetValues("TrackingID").Single());
    }

    [Fact]
    public async Task Bot_token_is_refused_on_licence_patch_with_403()
    {
        var (status, json, _) = await _server.Client("bot-token").PatchJsonAsync("licenses/users",
            new { personId = DemoOrg.Ids.Person("P-NORA"), licenses = new[] { new { id = DemoOrg.Ids.Licence("L-CXB-OLD"), operation = "add" } } });
        Assert.Equal(403, status);
        Assert.Equal(403, json.ErrorCode());
    }

    [Fact]
    public async Task Non_admin_is_refused_on_licence_patch_and_licence_reads()
    {
        var nora = _server.Client("nora-token");
        var (patch, _, _) = await nora.PatchJsonAsync("licenses/users", new { personId = DemoOrg.Ids.Person("P-NORA"), licenses = new[] { new { id = DemoOrg.Ids.Licence("L-CXB-OLD") } } });
        Assert.Equal(403, patch);
        Assert.Equal(403, (await nora.GetJsonAsync("licenses")).Status);
    }

    [Fact]
    public async Task Admin_token_issued_by_the_simulator_is_a_full_admin()
    {
        var admin = _server.Client(_server.Access.AdminToken);
        var (status, json, _) = await admin.GetJsonAsync("licenses");
        Assert.Equal(200, status);
        Assert.True(json.GetProperty("items").GetArrayLength() > 0);
        Assert.DoesNotContain(_server.Access.AdminToken, json.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posting_to_a_room_one_is_not_in_is_refused()
    {
        var bot = _server.Client("bot-token");
        var (status, json, _) = await bot.PostJsonAsync("messages", new { roomId = DemoOrg.Ids.Room("R-COFFEE"), text = "hello" });
        Assert.Equal(403, status);
        Assert.Equal(403, json.ErrorCode());
        var (missing, _, _) = await bot.PostJsonAsync("messages", new { roomId = "R-NOWHERE", text = "hello" });
        Assert.Equal(404, missing);
        var (read, _, _) = await bot.GetJsonAsync($"messages?roomId={DemoOrg.Ids.Room("R-COFFEE")}");
        Assert.Equal(404, read);
    }

    [Fact]
    public async Task Every_answer_has_a_tracking_id_header()
    {
        var response = await _server.Client("alice-token").GetAsync(new Uri("people/me", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("SANDBOX_", response.Headers.GetValues("TrackingID").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identities_list_everyone_with_a_token_including_the_bot()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        var doc = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("sandbox/identities?q=&max=50");
        var items = doc.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.Str("token") == "bot-token" && i.GetProperty("isBot").GetBoolean() && i.Str("email") == "licensebot@webex.bot");
        Assert.Contains(items, i => i.Str("token") == "alice-token" && i.GetProperty("roles").Strings().Contains("full_admin"));
        Assert.Contains(items, i => i.Str("token") == "nora-token");
        var filtered = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("sandbox/identities?q=nora");
        Assert.Equal("nora@acme.test", Assert.Single(filtered.GetProperty("items").EnumerateArray()).Str("email"));
    }
}
