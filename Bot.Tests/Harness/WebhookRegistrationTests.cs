using System.Text.Json;
using LicenseBot.Host;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Harness;

public sealed class WebhookRegistrationTests
{
    [Fact]
    public async Task Registration_at_start_updates_ours_removes_our_duplicates_and_leaves_others_alone()
    {
        await using var space = await BotSpace.StartAsync();
        var botToken = space.Sandbox.BotToken;
        await space.SendAsync(HttpMethod.Post, "webhooks", botToken, Json(new { name = "LicenseBot messages", targetUrl = "http://127.0.0.1:9/old", resource = "messages", @event = "created" }));
        await space.SendAsync(HttpMethod.Post, "webhooks", botToken, Json(new { name = "Someone else's", targetUrl = "http://127.0.0.1:9/theirs", resource = "messages", @event = "created" }));

        await space.RestartAsync();

        var hooks = (await space.SendAsync(HttpMethod.Get, "webhooks", botToken)).GetProperty("items").EnumerateArray()
            .Select(h => (Name: h.GetProperty("name").GetString(), Target: h.GetProperty("targetUrl").GetString(), Resource: h.GetProperty("resource").GetString()))
            .ToList();
        var target = new Uri(space.Address, "api/webex/events").ToString();
        Assert.Equal([("LicenseBot card submits", target, "attachmentActions")], hooks.Where(h => h.Resource == "attachmentActions"));
        Assert.Equal([("LicenseBot messages", target, "messages")], hooks.Where(h => h.Name == "LicenseBot messages"));
        Assert.Contains(("Someone else's", "http://127.0.0.1:9/theirs", "messages"), hooks);
        Assert.Equal(3, hooks.Count);

        var asked = await space.As("alice@acme.test").MentionAsync(DemoOrg.AdminsRoomId, "help");
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Single(await space.BotMessagesAsync(DemoOrg.AdminsRoomId), m => m.ParentId == asked.Id);
    }

    [Fact]
    public async Task Outside_sandbox_mode_the_host_refuses_to_start_without_public_url_and_admin_access()
    {
        var app = BotHostApp.Build(["--urls=http://127.0.0.1:0", "--environment=Development", "--Webex:BotToken=real-bot-token", $"--Storage:SqlitePath={Path.GetTempFileName()}"],
            b => b.Logging.ClearProviders());
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(error.Failures, f => f.Contains("Webex:PublicUrl"));
        Assert.Contains(error.Failures, f => f.Contains("Webex:AdminToken"));
        Assert.DoesNotContain("real-bot-token", error.Message);
        await app.DisposeAsync();
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
