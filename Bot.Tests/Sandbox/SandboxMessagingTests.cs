using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Sandbox;

public sealed class SandboxMessagingTests : IAsyncLifetime
{
    private SandboxServer _server = null!;
    private WebhookReceiver _receiver = null!;
    private HttpClient _bot = null!;
    private HttpClient _alice = null!;
    private HttpClient _nora = null!;

    public async Task InitializeAsync()
    {
        _server = await SandboxServer.StartAsync();
        _receiver = await WebhookReceiver.StartAsync();
        _bot = _server.Client("bot-token");
        _alice = _server.Client("alice-token");
        _nora = _server.Client("nora-token");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private async Task<string> CreateBotWebhook(string resource, string secret = "s3cret")
    {
        var (status, hook, _) = await _bot.PostJsonAsync("webhooks", new { name = "bot " + resource, targetUrl = _receiver.Url.ToString(), resource, @event = "created", secret });
        Assert.Equal(200, status);
        return hook.Str("id");
    }

    private static string Hmac(byte[] body, string secret) => Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body));

    [Fact]
    public async Task Direct_message_reaches_the_bot_webhook_signed_and_without_text()
    {
        var hookId = await CreateBotWebhook("messages");
        var (status, message, _) = await _alice.PostJsonAsync("messages", new { roomId = DemoOrg.Ids.Room("R-DM-ALICE"), text = "licences for bob@acme.test" });
        Assert.Equal(200, status);

        var delivery = await _receiver.NextAsync();
        Assert.Equal(Hmac(delivery.Body, "s3cret"), delivery.Signature);
        var env = delivery.Json;
        Assert.Equal(hookId, env.Str("id"));
        Assert.Equal("messages", env.Str("resource"));
        Assert.Equal("created", env.Str("event"));
        Assert.Equal(DemoOrg.Ids.Org("ORG-ACME"), env.Str("orgId"));
        Assert.Equal(DemoOrg.Ids.Person("P-ALICE"), env.Str("actorId"));
        Assert.Equal(DemoOrg.Ids.Person("BOT-LICENSEBOT"), env.Str("createdBy"));
        Assert.False(string.IsNullOrEmpty(env.Str("appId")));
        Assert.Equal("active", env.Str("status"));
        var data = env.GetProperty("data");
        Assert.Equal(message.Str("id"), data.Str("id"));
        Assert.Equal(DemoOrg.Ids.Room("R-DM-ALICE"), data.Str("roomId"));
        Assert.Equal("direct", data.Str("roomType"));
        Assert.Equal("alice@acme.test", data.Str("personEmail"));
        Assert.DoesNotContain("licences for", Encoding.UTF8.GetString(delivery.Body), StringComparison.Ordinal);

        var (_, read, _) = await _bot.GetJsonAsync($"messages/{message.Str("id")}");
        Assert.Equal("licences for bob@acme.test", read.Str("text"));
    }

    [Fact]
    public async Task Group_messages_reach_the_bot_only_when_they_mention_it()
    {
        await CreateBotWebhook("messages");
        await _alice.PostJsonAsync("messages", new { roomId = DemoOrg.AdminsRoomId, text = "coffee anyone?" });
        var (_, mention, _) = await _alice.PostJsonAsync("messages", new { roomId = DemoOrg.AdminsRoomId, markdown = "<@personEmail:licensebot@webex.bot|LicenseBot> help" });
        Assert.Equal("LicenseBot help", mention.Str("text"));
        Assert.Equal([DemoOrg.Ids.Person("BOT-LICENSEBOT")], mention.GetProperty("mentionedPeople").Strings());

        var delivery = await _receiver.NextAsync();
        Assert.Equal(mention.Str("id"), delivery.Json.GetProperty("data").Str("id"));
        Assert.Equal([DemoOrg.Ids.Person("BOT-LICENSEBOT")], delivery.Json.GetProperty("data").GetProperty("mentionedPeople").Strings());
        Assert.True(await _receiver.NothingWithinAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Mention_by_person_id_renders_the_name()
    {
        var (_, m, _) = await _alice.PostJsonAsync("messages", new { roomId = DemoOrg.AdminsRoomId, markdown = $"ask <@personId:{DemoOrg.Ids.Person("P-NORA")}|Nora> and <@personId:{DemoOrg.Ids.Person("P-BOB")}>" });
        Assert.Equal("ask Nora and Bob Builder", m.Str("text"));
        Assert.Equal([DemoOrg.Ids.Person("P-NORA"), DemoOrg.Ids.Person("P-BOB")], m.GetProperty("mentionedPeople").Strings());
    }

    [Fact]
    public async Task Bots_own_messages_also_fire_in_order()
    {
        await CreateBotWebhook("messages");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _bot.PostJsonAsync("messages", new { roomId = DemoOrg.AdminsRoomId, markdown = $"reply {i}" })).Json.Str("id"));
        }

        var received = new List<string>();
        for (var i = 0; i < 5; i++) received.Add((await _receiver.NextAsync()).Json.GetProperty("data").Str("id"));
        Assert.Equal(ids, received);
    }

    [Fact]
    public async Task Card_submit_fires_attachment_action_webhook_without_inputs_and_is_readable_by_the_bot()
    {
        await CreateBotWebhook("attachmentActions", "card-secret");
        var card = new
        {
            contentType = "application/vnd.microsoft.card.adaptive",
            content = new { type = "AdaptiveCard", version = "1.3", body = new[] { new { type = "TextBlock", text = "Confirm?" } }, actions = new[] { new { type = "Action.Submit", title = "Yes" } } },
        };
        var (status, message, _) = await _bot.PostJsonAsync("messages", new { roomId = DemoOrg.AdminsRoomId, text = "card", attachments = new[] { card } });
        Assert.Equal(200, status);
        Assert.Equal("application/vnd.microsoft.card.adaptive", message.GetProperty("attachments")[0].Str("contentType"));

        var (actionStatus, action, _) = await _nora.PostJsonAsync("attachment/actions", new { type = "submit", messageId = message.Str("id"), inputs = new { flow = "edit", step = "confirm", secretWord = "swordfish" } });
        Assert.Equal(202, actionStatus);

        var delivery = await _receiver.NextAsync();
        Assert.Equal(Hmac(delivery.Body, "card-secret"), delivery.Signature);
        Assert.Equal("attachmentActions", delivery.Json.Str("resource"));
        var data = delivery.Json.GetProperty("data");
        Assert.Equal(action.Str("id"), data.Str("id"));
        Assert.Equal(message.Str("id"), data.Str("messageId"));
        Assert.Equal(DemoOrg.Ids.Person("P-NORA"), data.Str("personId"));
        Assert.DoesNotContain("swordfish", Encoding.UTF8.GetString(delivery.Body), StringComparison.Ordinal);

        var (_, read, _) = await _bot.GetJsonAsync($"attachment/actions/{action.Str("id")}");
        Assert.Equal("swordfish", read.GetProperty("inputs").Str("secretWord"));
        Assert.Equal(DemoOrg.AdminsRoomId, read.Str("roomId"));
    }

    [Fact]
    public async Task Submitting_a_card_from_outside_its_room_is_refused()
    {
        var card = new { contentType = "application/vnd.microsoft.card.adaptive", content = new { type = "AdaptiveCard", version = "1.3", body = Array.Empty<object>() } };
        var (_, message, _) = await _bot.PostJsonAsync("messages", new { roomId = DemoOrg.Ids.Room("R-DM-ALICE"), text = "card", attachments = new[] { card } });
        var (status, _, _) = await _nora.PostJsonAsync("attachment/actions", new { type = "submit", messageId = message.Str("id"), inputs = new { a = "b" } });
        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Failed_deliveries_are_retried()
    {
        await CreateBotWebhook("messages");
        _receiver.FailNext(1);
        var (_, message, _) = await _alice.PostJsonAsync("messages", new { roomId = DemoOrg.Ids.Room("R-DM-ALICE"), text = "retry me" });
        var delivery = await _receiver.NextAsync();
        Assert.Equal(message.Str("id"), delivery.Json.GetProperty("data").Str("id"));
        Assert.Equal(2, _receiver.Attempts);
    }

    [Fact]
    public async Task Messages_list_newest_first_and_page_with_before_message_links()
    {
        for (var i = 0; i < 5; i++) await _alice.PostJsonAsync("messages", new { roomId = DemoOrg.Ids.Room("R-COFFEE"), text = $"m{i}" });
        var (_, first, response) = await _nora.GetJsonAsync($"messages?roomId={DemoOrg.Ids.Room("R-COFFEE")}&max=3");
        Assert.Equal(["m4", "m3", "m2"], first.GetProperty("items").EnumerateArray().Select(m => m.Str("text")).ToList());
        var link = response.Headers.GetValues("Link").Single();
        var (_, second, _) = await _nora.GetJsonAsync(link.Split('<', '>')[1]);
        Assert.Equal(["m1", "m0"], second.GetProperty("items").EnumerateArray().Select(m => m.Str("text")).ToList());
    }

    [Fact]
    public async Task Edits_are_text_only_and_limited_to_ten()
    {
        var (_, m, _) = await _bot.PostJsonAsync("messages", new { roomId = DemoOrg.AdminsRoomId, text = "v0" });
        var id = m.Str("id");
        for (var i = 1; i <= 10; i++)
        {
            var (status, edited, _) = await _bot.SendAsync(HttpMethod.Put, $"messages/{id}", new { roomId = DemoOrg.AdminsRoomId, text = $"v{i}" });
            Assert.Equal(200, status);
            Assert.Equal($"v{i}", edited.Str("text"));
        }

        Assert.Equal(400, (await _bot.SendAsync(HttpMethod.Put, $"messages/{id}", new { roomId = DemoOrg.AdminsRoomId, text = "v11" })).Status);
        var card = new { contentType = "application/vnd.microsoft.card.adaptive", content = new { type = "AdaptiveCard", version = "1.3" } };
        var (_, withCard, _) = await _bot.PostJsonAsync("messages", new { roomId = DemoOrg.AdminsRoomId, text = "c", attachments = new[] { card } });
        Assert.Equal(400, (await _bot.SendAsync(HttpMethod.Put, $"messages/{withCard.Str("id")}", new { roomId = DemoOrg.AdminsRoomId, text = "x" })).Status);
        Assert.Equal(403, (await _alice.SendAsync(HttpMethod.Put, $"messages/{id}", new { roomId = DemoOrg.AdminsRoomId, text = "hijack" })).Status);
    }

    [Fact]
    public async Task Deleted_messages_are_gone()
    {
        var (_, m, _) = await _bot.PostJsonAsync("messages", new { roomId = DemoOrg.AdminsRoomId, text = "oops" });
        Assert.Equal(204, (await _bot.SendAsync(HttpMethod.Delete, $"messages/{m.Str("id")}")).Status);
        Assert.Equal(404, (await _bot.GetJsonAsync($"messages/{m.Str("id")}")).Status);
    }

    [Fact]
    public async Task Rooms_and_memberships_are_those_of_the_caller()
    {
        var (_, rooms, _) = await _bot.GetJsonAsync("rooms");
        var ids = rooms.GetProperty("items").EnumerateArray().Select(r => r.Str("id")).ToList();
        Assert.Contains(DemoOrg.AdminsRoomId, ids);
        Assert.Contains(DemoOrg.Ids.Room("R-DM-ALICE"), ids);
        Assert.DoesNotContain(DemoOrg.Ids.Room("R-COFFEE"), ids);
        var (_, room, _) = await _bot.GetJsonAsync($"rooms/{DemoOrg.AdminsRoomId}");
        Assert.Equal(("Licence admins", "group"), (room.Str("title"), room.Str("type")));
        var (_, members, _) = await _bot.GetJsonAsync($"memberships?roomId={DemoOrg.AdminsRoomId}");
        var emails = members.GetProperty("items").EnumerateArray().Select(m => m.Str("personEmail")).ToList();
        Assert.Equal(["alice@acme.test", "nora@acme.test", "gina@partner.example", "licensebot@webex.bot"], emails);
        // Gina Guest, a partner's administrator, is a member with her own org.
        Assert.Equal(DemoOrg.Ids.Org("ORG-PARTNER"), members.GetProperty("items").EnumerateArray().Single(m => m.Str("personEmail") == "gina@partner.example").Str("personOrgId"));
    }

    [Fact]
    public async Task Direct_message_by_email_opens_a_direct_room()
    {
        var (status, m, _) = await _bot.PostJsonAsync("messages", new { toPersonEmail = "bob@acme.test", text = "hi bob" });
        Assert.Equal(200, status);
        Assert.Equal("direct", m.Str("roomType"));
        var (_, again, _) = await _bot.PostJsonAsync("messages", new { toPersonEmail = "bob@acme.test", text = "again" });
        Assert.Equal(m.Str("roomId"), again.Str("roomId"));
        var (_, bobRooms, _) = await _server.Client("bob-token").GetJsonAsync("rooms?type=direct");
        Assert.Contains(bobRooms.GetProperty("items").EnumerateArray(), r => r.Str("id") == m.Str("roomId"));
    }

    [Fact]
    public async Task Webhooks_are_managed_per_owner()
    {
        var id = await CreateBotWebhook("messages");
        var (_, list, _) = await _bot.GetJsonAsync("webhooks");
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).Str("id"));
        Assert.Equal(0, (await _alice.GetJsonAsync("webhooks")).Json.GetProperty("items").GetArrayLength());
        Assert.Equal(404, (await _alice.GetJsonAsync($"webhooks/{id}")).Status);
        var (putStatus, updated, _) = await _bot.SendAsync(HttpMethod.Put, $"webhooks/{id}", new { name = "renamed", targetUrl = _receiver.Url.ToString(), status = "inactive" });
        Assert.Equal(200, putStatus);
        Assert.Equal(("renamed", "inactive"), (updated.Str("name"), updated.Str("status")));
        await _alice.PostJsonAsync("messages", new { roomId = DemoOrg.Ids.Room("R-DM-ALICE"), text = "nobody listens" });
        Assert.True(await _receiver.NothingWithinAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(204, (await _bot.SendAsync(HttpMethod.Delete, $"webhooks/{id}")).Status);
        Assert.Equal(404, (await _bot.GetJsonAsync($"webhooks/{id}")).Status);
    }

    [Fact]
    public async Task A_room_filter_limits_a_webhook_to_that_room()
    {
        var (status, _, _) = await _alice.PostJsonAsync("webhooks", new { name = "coffee only", targetUrl = _receiver.Url.ToString(), resource = "messages", @event = "created", filter = $"roomId={DemoOrg.Ids.Room("R-COFFEE")}", secret = "f" });
        Assert.Equal(200, status);
        await _alice.PostJsonAsync("messages", new { roomId = DemoOrg.AdminsRoomId, text = "not here" });
        var (_, coffee, _) = await _nora.PostJsonAsync("messages", new { roomId = DemoOrg.Ids.Room("R-COFFEE"), text = "here" });
        var delivery = await _receiver.NextAsync();
        Assert.Equal(coffee.Str("id"), delivery.Json.GetProperty("data").Str("id"));
        Assert.Equal($"roomId={DemoOrg.Ids.Room("R-COFFEE")}", delivery.Json.Str("filter"));
        Assert.Equal(DemoOrg.Ids.Person("P-ALICE"), delivery.Json.Str("createdBy"));
    }

    [Fact]
    public async Task Malformed_json_body_is_a_webex_shaped_400()
    {
        using var content = new StringContent("{ not json", Encoding.UTF8, "application/json");
        using var response = await _bot.PostAsync(new Uri("messages", UriKind.Relative), content);
        Assert.Equal(400, (int)response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, json.ErrorCode());
    }
}
