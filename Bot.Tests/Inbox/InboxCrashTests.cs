using Dapper;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace LicenseBot.Tests.Inbox;

/// <summary>
/// The real BotHost process killed with <c>kill -9</c> while acknowledged commands wait in its inbox (a slow simulated
/// Webex keeps them waiting): after the restart every command is answered once, in each space in the order it was sent.
/// </summary>
public sealed class InboxCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Commands_in_the_inbox_at_a_kill_9_are_answered_exactly_once_after_the_restart_in_order_per_space()
    {
        await using var bot = await BotProcess.StartAsync(DemoOrg.Build(), new Dictionary<string, string?>
        {
            // Every simulated Webex call takes 2 s: a turn (read the message, answer) takes longer than sending all commands.
            ["Sandbox:LatencyMs"] = "2000",
            ["Inbox:LeaseDuration"] = "00:00:03",
            ["Inbox:PollInterval"] = "00:00:00.200",
        });
        var spaces = new (string Room, string Person, bool Mention)[]
        {
            (DemoOrg.AdminsRoomId, "alice@acme.test", true),
            (DemoOrg.AliceDirectRoomId, "alice@acme.test", false),
            (DemoOrg.Ids.Room("R-DM-NORA"), "nora@acme.test", false),
        };
        string[] commands = ["help", "hulp", "help"];

        // Each space's commands one after another (so their order is known), the spaces at the same time.
        var sent = await Task.WhenAll(spaces.Select(async s =>
        {
            var person = bot.As(s.Person);
            var ids = new List<string>();
            foreach (var command in commands)
                ids.Add((s.Mention ? await person.MentionAsync(s.Room, command) : await person.SayAsync(s.Room, command)).Id);
            return (s.Room, Ids: ids);
        }));
        var all = sent.SelectMany(s => s.Ids).ToList();

        // Kill as soon as every command is acknowledged, i.e. stored in the inbox.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        (long Stored, long Handled) atKill;
        while (true)
        {
            atKill = await InboxAsync(bot.DatabasePath, all);
            if (atKill.Stored == all.Count) break;
            Assert.True(DateTime.UtcNow < deadline, $"only {atKill.Stored} of {all.Count} commands reached the inbox");
            await Task.Delay(20);
        }
        await bot.KillAsync();
        output.WriteLine($"At the kill: {atKill.Stored} commands stored, {atKill.Handled} handled.");
        Assert.True(atKill.Handled == 0, "the kill should come before any command was handled");

        // Fast again: the new process takes over the events the dead one had started once their leases run out.
        await bot.StartAgainAsync(new Dictionary<string, string?> { ["Sandbox:LatencyMs"] = "0" });
        foreach (var (room, ids) in sent)
        {
            foreach (var id in ids) await bot.Client.NextBotMessageAsync(room, id, TimeSpan.FromSeconds(60));
        }
        foreach (var (room, _) in sent) Assert.True(await bot.Client.StaysQuietAsync(room, null, TimeSpan.FromSeconds(2)), $"a second answer came in {room}");

        foreach (var (room, ids) in sent)
        {
            var answers = (await bot.Client.BotMessagesAsync(room)).Where(m => m.ParentId is not null && ids.Contains(m.ParentId)).ToList();
            Assert.Equal(ids, answers.Select(m => m.ParentId)); // each once, in the order sent
            Assert.All(answers, a => Assert.Contains("help", a.CardText));
        }
        Assert.Equal((all.Count, all.Count), await InboxAsync(bot.DatabasePath, all));
        Assert.Contains(bot.Output, line => line.Contains("whose lease ran out", StringComparison.Ordinal));
    }

    /// <summary>How many of <paramref name="ids"/> (message ids) are stored in the bot's inbox, and how many of them are handled.</summary>
    private static async Task<(long Stored, long Handled)> InboxAsync(string database, IReadOnlyList<string> ids)
    {
        if (!File.Exists(database)) return (0, 0);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync();
        try
        {
            return await connection.QuerySingleAsync<(long, long)>(
                "SELECT COUNT(*), COUNT(handled_at) FROM inbox_events WHERE event_id IN @ids", new { ids });
        }
        catch (SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return (0, 0);
        }
    }
}
