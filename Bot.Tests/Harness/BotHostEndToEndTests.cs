using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.DependencyInjection;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Harness;

/// <summary>The whole host, its sandbox and real signed webhooks: what an admin sees, and what forged or repeated deliveries do.</summary>
public sealed class BotHostEndToEndTests
{

    [Fact]
    public async Task Help_from_the_demo_admin_is_answered_in_the_thread_with_the_help_card()
    {
        // No time limit here: on a loaded machine (load average 40 on two cores) a turn can take seconds, and speed is
        // measured by benchmarks, not by a timing assert that fails when CI is busy.
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");

        var asked = await alice.SayAsync(DemoOrg.AdminsRoomId, $"<@personId:{space.BotId}|LicenseBot> help");
        var reply = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        Assert.Equal(asked.Id, reply.ParentId);
        Assert.True(reply.HasCard, "The help answer should be a card.");
        Assert.Contains("LicenseBot", reply.CardText);
        Assert.Contains("help", reply.CardText);
        Assert.Contains("Show this list.", reply.Markdown); // the fallback for clients without cards
    }

    [Fact]
    public async Task An_unknown_command_gets_a_one_line_hint_whose_button_shows_the_help_card()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "make me coffee");
        var hint = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("make me coffee", hint.CardText);

        await alice.SubmitAsync(hint, "Show help");
        var help = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Show this list.", help.CardText);
    }

    [Fact]
    public async Task In_a_direct_space_no_mention_is_needed()
    {
        await using var space = await BotSpace.StartAsync();
        var asked = await space.As("alice@acme.test").SayAsync(DemoOrg.Ids.Room("R-DM-ALICE"), "help");
        var reply = await space.NextBotMessageAsync(DemoOrg.Ids.Room("R-DM-ALICE"), asked.Id);
        Assert.Contains("Show this list.", reply.CardText);
    }

    [Fact]
    public async Task A_forged_webhook_gets_401_and_causes_nothing_while_the_signed_one_is_answered()
    {
        await using var space = await BotSpace.StartAsync();
        // Without a mention the simulator sends no webhook, so only our deliveries below can make the bot act on it.
        var unmentioned = await space.As("alice@acme.test").SayAsync(DemoOrg.AdminsRoomId, "help");
        var body = Envelope(unmentioned.Id, DemoOrg.AdminsRoomId);

        Assert.Equal(HttpStatusCode.Unauthorized, await space.PostWebhookAsync(body, signature: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await space.PostWebhookAsync(body, WebhookSignature.Compute("not-the-secret", body)));
        Assert.Equal(HttpStatusCode.Unauthorized, await space.PostWebhookAsync(body, "zz" + new string('0', 38)));
        Assert.True(await space.StaysQuietAsync(DemoOrg.AdminsRoomId, unmentioned.Id, TimeSpan.FromSeconds(1)), "A forged delivery made the bot act.");

        Assert.Equal(HttpStatusCode.OK, await space.PostWebhookAsync(body, await SignAsync(space, body)));
        var reply = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, unmentioned.Id);
        Assert.Contains("Show this list.", reply.CardText);
    }

    [Fact]
    public async Task The_same_delivery_twice_is_handled_once_also_after_a_restart()
    {
        await using var space = await BotSpace.StartAsync();
        var unmentioned = await space.As("alice@acme.test").SayAsync(DemoOrg.AdminsRoomId, "help");
        var body = Envelope(unmentioned.Id, DemoOrg.AdminsRoomId);

        Assert.Equal(HttpStatusCode.OK, await space.PostWebhookAsync(body, await SignAsync(space, body)));
        Assert.Equal(HttpStatusCode.OK, await space.PostWebhookAsync(body, await SignAsync(space, body)));
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, unmentioned.Id);

        await space.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, await space.PostWebhookAsync(body, await SignAsync(space, body)));

        // A later command in the same space is answered; by then a second answer to the repeat would have come (one room runs in order).
        var later = await space.As("alice@acme.test").MentionAsync(DemoOrg.AdminsRoomId, "help");
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, later.Id);
        Assert.Single(await space.BotMessagesAsync(DemoOrg.AdminsRoomId), m => m.ParentId == unmentioned.Id);
    }

    [Fact]
    public async Task A_body_over_64_KB_is_refused_before_anything_else()
    {
        await using var space = await BotSpace.StartAsync();
        var big = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', 70_000) + "\"}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await space.PostWebhookAsync(big, await SignAsync(space, big)));
    }

    [Fact]
    public async Task After_a_restart_the_bot_keeps_its_webhooks_secret_and_answers_again()
    {
        await using var space = await BotSpace.StartAsync();
        var secretBefore = await space.Services.GetRequiredService<WebhookSecretProvider>().GetAsync(CancellationToken.None);

        await space.RestartAsync();

        Assert.Equal(secretBefore, await space.Services.GetRequiredService<WebhookSecretProvider>().GetAsync(CancellationToken.None));
        var asked = await space.As("alice@acme.test").MentionAsync(DemoOrg.AdminsRoomId, "help");
        Assert.Contains("Show this list.", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).CardText);
    }

    [Fact]
    public async Task The_bot_does_not_answer_its_own_messages()
    {
        await using var space = await BotSpace.StartAsync();
        var asked = await space.As("alice@acme.test").MentionAsync(DemoOrg.AdminsRoomId, "help");
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.True(await space.StaysQuietAsync(DemoOrg.AdminsRoomId, null, TimeSpan.FromSeconds(1)), "The bot answered its own message.");
    }

    [Fact]
    public async Task The_bots_own_message_is_acknowledged_without_being_stored_for_a_turn()
    {
        await using var space = await BotSpace.StartAsync();
        var asked = await space.As("alice@acme.test").MentionAsync(DemoOrg.AdminsRoomId, "help");
        var reply = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        var own = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = "WH-TEST",
            name = "LicenseBot messages",
            resource = "messages",
            @event = "created",
            data = new { id = reply.Id, roomId = DemoOrg.AdminsRoomId, roomType = "group", personId = space.BotId },
        });

        Assert.Equal(HttpStatusCode.OK, await space.PostWebhookAsync(own, await SignAsync(space, own)));

        await using var connection = await space.Services.GetRequiredService<IBotDatabase>().OpenAsync(CancellationToken.None);
        var stored = (await connection.QueryAsync<string>("SELECT event_id FROM inbox_events WHERE event_id IN @ids;", new { ids = new[] { asked.Id, reply.Id } })).ToList();
        Assert.Equal([asked.Id], stored); // the admin's command was stored and handled; the bot's answer never waits in the inbox
    }

    internal static byte[] Envelope(string messageId, string roomId) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        id = "WH-TEST",
        name = "LicenseBot messages",
        resource = "messages",
        @event = "created",
        data = new { id = messageId, roomId, roomType = "group", personId = DemoOrg.Ids.Person("P-ALICE"), personEmail = "alice@acme.test" },
    });

    internal static async Task<string> SignAsync(BotSpace space, byte[] body) =>
        WebhookSignature.Compute(await space.Services.GetRequiredService<WebhookSecretProvider>().GetAsync(CancellationToken.None), body);
}
