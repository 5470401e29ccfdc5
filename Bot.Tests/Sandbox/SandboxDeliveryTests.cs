using System.Net.Http.Headers;
using System.Text.Json;
using LicenseBot.Sandbox;
using Microsoft.AspNetCore.Builder;

namespace LicenseBot.Tests.Sandbox;

/// <summary>The simulator as a load balancer's stand-in (<c>Sandbox:DeliverTo</c>), its traffic view, and the simulator run on its own.</summary>
public sealed class SandboxDeliveryTests
{
    /// <summary>A small org of its own, ids as written (a seed's ids are kept as they are).</summary>
    private static SeedDocument Org() => new()
    {
        Org = new SeedOrg("ORG1", "Acme BV"),
        Bot = new SeedBot("BOT1", "licensebot@webex.bot", "LicenseBot", "bot-token"),
        Subscriptions = [new("Sub-1", "active")],
        Licenses = [new("L-MSG", "Messaging", "Sub-1", 10), new("L-MTG", "Meeting - Webex Meetings", "Sub-1", 10, "acme.webex.com")],
        People =
        [
            new SeedPerson { Id = "P-ALICE", Email = "alice@acme.test", DisplayName = "Alice Admin", Roles = ["full_admin"], Status = "active", Token = "alice-token", Licenses = ["L-MSG"] },
            new SeedPerson { Id = "P-NORA", Email = "nora@acme.test", DisplayName = "Nora Member", Status = "active", Licenses = [] },
        ],
        Rooms = [new("R-DM", "Alice", "direct", ["alice@acme.test", "licensebot@webex.bot"])],
    };

    [Fact]
    public async Task With_DeliverTo_each_delivery_goes_to_the_next_target_in_turn_and_the_traffic_view_lists_them()
    {
        await using var first = await WebhookReceiver.StartAsync();
        await using var second = await WebhookReceiver.StartAsync();
        await using var server = await SandboxServer.StartAsync(Org(), new Dictionary<string, string?>
        {
            ["Sandbox:DeliverTo:0"] = first.Url.ToString(),
            ["Sandbox:DeliverTo:1"] = second.Url.ToString(),
        });
        var bot = server.Client("bot-token");
        var alice = server.Client("alice-token");
        // Registered for an address nobody listens on: with DeliverTo set it is never used.
        Assert.Equal(200, (await bot.PostJsonAsync("webhooks", new { name = "bot messages", targetUrl = "http://127.0.0.1:9/unused", resource = "messages", @event = "created", secret = "s" })).Status);

        var sent = new List<string>();
        for (var i = 0; i < 4; i++) sent.Add((await alice.PostJsonAsync("messages", new { roomId = "R-DM", text = $"help {i}" })).Json.Str("id"));

        Assert.Equal(new[] { sent[0], sent[2] }, new[] { DataId(await first.NextAsync()), DataId(await first.NextAsync()) });
        Assert.Equal(new[] { sent[1], sent[3] }, new[] { DataId(await second.NextAsync()), DataId(await second.NextAsync()) });
        var deliveries = await DeliveriesAsync(server, 4);
        Assert.Equal(sent, deliveries.Select(d => d.Str("dataId")));
        Assert.Equal(new[] { first.Url.ToString(), second.Url.ToString(), first.Url.ToString(), second.Url.ToString() }, deliveries.Select(d => d.Str("target")));
        Assert.All(deliveries, d => Assert.Equal(200, d.GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_at_the_next_target()
    {
        await using var first = await WebhookReceiver.StartAsync();
        await using var second = await WebhookReceiver.StartAsync();
        await using var server = await SandboxServer.StartAsync(Org(), new Dictionary<string, string?>
        {
            ["Sandbox:DeliverTo:0"] = first.Url.ToString(),
            ["Sandbox:DeliverTo:1"] = second.Url.ToString(),
        });
        Assert.Equal(200, (await server.Client("bot-token").PostJsonAsync("webhooks", new { name = "bot messages", targetUrl = "http://127.0.0.1:9/unused", resource = "messages", @event = "created", secret = "s" })).Status);
        first.FailNext(1);

        var sent = (await server.Client("alice-token").PostJsonAsync("messages", new { roomId = "R-DM", text = "help" })).Json.Str("id");

        Assert.Equal(sent, DataId(await second.NextAsync()));
        Assert.Equal(1, first.Attempts);
        var attempts = (await DeliveriesAsync(server, 2))
            .Select(d => (d.Str("target"), d.GetProperty("attempt").GetInt32(), d.GetProperty("status").GetInt32())).ToList();
        Assert.Equal(new[] { (first.Url.ToString(), 1, 500), (second.Url.ToString(), 2, 200) }, attempts);
    }

    [Fact]
    public async Task The_traffic_view_lists_each_licence_patch_with_the_person_and_the_status_answered()
    {
        await using var server = await SandboxServer.StartAsync(Org());
        var admin = server.Client(server.Access.AdminToken);
        var applied = await admin.PatchJsonAsync("licenses/users", new { personId = "P-NORA", licenses = new[] { new { id = "L-MSG", operation = "add" } } });
        var refused = await server.Client("bot-token").PatchJsonAsync("licenses/users", new { personId = "P-ALICE", licenses = new[] { new { id = "L-MSG", operation = "remove" } } });

        var patches = (await TrafficAsync(server)).GetProperty("licensePatches").EnumerateArray().Select(p => (p.Str("personId"), p.GetProperty("status").GetInt32())).ToList();

        Assert.Equal(403, refused.Status);
        Assert.Equal(200, applied.Status);
        Assert.Equal(new[] { ("P-NORA", 200), ("P-ALICE", 403) }, patches);
    }

    [Fact]
    public async Task On_its_own_it_writes_the_tokens_a_bot_needs_and_accepts_the_admin_token_it_is_given()
    {
        var root = Directory.CreateTempSubdirectory("sandbox-alone-").FullName;
        try
        {
            var seed = Path.Combine(root, "seed.json");
            await File.WriteAllBytesAsync(seed, JsonSerializer.SerializeToUtf8Bytes(Org(), new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            await using var app = SandboxProgram.Build(["--urls=http://127.0.0.1:0", $"--contentRoot={root}", "--Sandbox:SeedFile=seed.json", "--Sandbox:AdminToken=adm-given", "--Logging:LogLevel:Default=Warning"]);
            await app.StartAsync();

            var file = Path.Combine(root, "data", "sandbox", SandboxProgram.TokensFileName);
            var tokens = JsonDocument.Parse(await File.ReadAllBytesAsync(file)).RootElement;
            Assert.Equal("adm-given", tokens.Str("adminToken"));
            Assert.Equal("bot-token", tokens.Str("botToken"));
            Assert.Equal("BOT1", tokens.Str("botPersonId"));
            Assert.Equal("ORG1", tokens.Str("orgId"));
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, tokens.Str("apiBaseUrl") + "/people/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Str("adminToken"));
            using var me = await http.SendAsync(request);
            Assert.True(me.IsSuccessStatusCode, $"people/me with the admin token answered {(int)me.StatusCode}");
            Assert.Contains("full_admin", await me.Content.ReadAsStringAsync());
            // No bot inside: no webhook endpoint, no dev console.
            using var events = await http.PostAsync(tokens.Str("apiBaseUrl").Replace("/sandbox/webex/v1", "/api/webex/events"), new StringContent("{}"));
            Assert.Equal(404, (int)events.StatusCode);
            await app.StopAsync();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string DataId(ReceivedWebhook delivery) => delivery.Json.GetProperty("data").Str("id");

    /// <summary>
    /// The delivery attempts recorded, once there are <paramref name="count"/>: the sandbox records an attempt when its
    /// answer comes back, which can be just after the receiver has handed the request to the test.
    /// </summary>
    private static async Task<List<JsonElement>> DeliveriesAsync(SandboxServer server, int count)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var deliveries = (await TrafficAsync(server)).GetProperty("deliveries").EnumerateArray().ToList();
            if (deliveries.Count >= count || DateTime.UtcNow > until) return deliveries;
            await Task.Delay(20);
        }
    }

    private static async Task<JsonElement> TrafficAsync(SandboxServer server)
    {
        var (status, json, _) = await server.Client("bot-token").GetJsonAsync(new Uri(server.BaseAddress, "sandbox/inspect/traffic").ToString());
        Assert.Equal(200, status);
        return json;
    }
}
