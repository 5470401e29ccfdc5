using System.Net;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Harness;

public sealed class PostgresEndToEndTests
{
    [PostgresFact]
    public async Task With_PostgreSQL_storage_the_bot_answers_and_remembers_deliveries_across_a_restart()
    {
        await using var db = await TestPostgresDatabase.CreateAsync();
        await using var space = await BotSpace.StartAsync(settings: db.HostSettings());
        using (var http = new HttpClient { BaseAddress = space.Address })
        {
            // Readiness checks PostgreSQL with AspNetCore.HealthChecks.NpgSql.
            var ready = await http.GetStringAsync("healthz/ready");
            Assert.Contains("\"database\"", ready);
            Assert.DoesNotContain("Unhealthy", ready);
        }
        var asked = await space.As("alice@acme.test").MentionAsync(DemoOrg.AdminsRoomId, "help");
        Assert.Contains("Show this list.", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).CardText);

        var unmentioned = await space.As("alice@acme.test").SayAsync(DemoOrg.AdminsRoomId, "help");
        var body = BotHostEndToEndTests.Envelope(unmentioned.Id, DemoOrg.AdminsRoomId);
        Assert.Equal(HttpStatusCode.OK, await space.PostWebhookAsync(body, await BotHostEndToEndTests.SignAsync(space, body)));
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, unmentioned.Id);

        await space.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, await space.PostWebhookAsync(body, await BotHostEndToEndTests.SignAsync(space, body)));
        Assert.True(await space.StaysQuietAsync(DemoOrg.AdminsRoomId, unmentioned.Id, TimeSpan.FromSeconds(1)), "A redelivery after the restart was handled again.");
    }
}
