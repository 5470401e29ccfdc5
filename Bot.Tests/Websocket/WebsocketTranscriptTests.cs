using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Dapper;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex.Websocket;
using LicenseBot.Tests.Harness;
using LicenseBot.Tests.Jobs;
using Microsoft.Extensions.DependencyInjection;
using static LicenseBot.Tests.Dialogs.EditLicenceTranscript;
using static LicenseBot.Tests.Websocket.WebsocketSpace;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Websocket;

/// <summary>
/// The bot with no public address: events come over the event socket (Webex:Transport=Websocket), and the socket is
/// dropped at the worst moments. Every command is answered once, every change applied once. The sandbox never applies
/// the bot's acks here (Sandbox:SocketAckDelayMs a minute), so every drop makes it send the events of that connection
/// again: the bot must recognise them.
/// </summary>
public sealed class WebsocketTranscriptTests
{
    private static readonly Dictionary<string, string?> AcksNeverApplied = new() { ["Sandbox:SocketAckDelayMs"] = "60000" };

    [Fact]
    public async Task Help_edit_confirm_with_the_socket_dropped_before_each_click_answers_every_command_once_and_changes_bob_once()
    {
        await using var space = await StartAsync(extra: AcksNeverApplied);
        var alice = space.As("alice@acme.test");
        Assert.Empty((await space.Client.SendAsync(HttpMethod.Get, "webhooks", space.Sandbox.BotToken)).GetProperty("items").EnumerateArray());

        var help = await alice.MentionAsync(DemoOrg.AdminsRoomId, "help");
        Assert.Contains("Show this list.", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, help.Id)).CardText);

        var edit = await alice.MentionAsync(DemoOrg.AdminsRoomId, "edit bob@acme.test");
        var form = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, edit.Id);
        Assert.Equal(1, await DropAsync(space, refuseNext: true));
        await alice.SubmitAsync(form, "Review", Inputs(form, ("family:Calling", DemoOrg.Ids.Licence("L-CALL-PRO-NEW"))));
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, edit.Id);
        Assert.Contains("+ Webex Calling - Professional [Sub-NEW]", confirm.CardText);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));

        Assert.Equal(1, await DropAsync(space, refuseNext: false));
        await alice.SubmitAsync(confirm, "Confirm");
        var done = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, edit.Id);
        Assert.Contains("Done", done.CardText);

        // Quiet, then count: redelivered events changed nothing and were not answered again.
        Assert.True(await space.StaysQuietAsync(DemoOrg.AdminsRoomId, null, TimeSpan.FromSeconds(3)), "the bot answered something twice");
        Assert.Single(await ThreadAsync(space, DemoOrg.AdminsRoomId, help.Id));
        Assert.Equal(3, (await ThreadAsync(space, DemoOrg.AdminsRoomId, edit.Id)).Count); // form, confirmation, result
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
        Assert.Equal(1, await AppliedAsync(space, "bob@acme.test"));

        var socket = await SocketAsync(space);
        Assert.True(socket.GetProperty("redelivered").GetInt64() > 0, $"the drops should have made the sandbox send events again: {socket}");
        Assert.True(socket.GetProperty("connections").GetInt32() >= 3, socket.ToString());
        var health = await HealthUntilAsync(space, "connected", reconnects: 2);
        Assert.Equal("ok", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_csv_move_survives_a_drop_in_the_middle_every_row_applied_once_and_a_command_sent_while_down_answered_once()
    {
        const int users = 60;
        await using var space = await StartAsync(BulkSpace.Seed(users), new(AcksNeverApplied)
        {
            ["Sandbox:LatencyMs"] = "30",
            ["Jobs:MaxConcurrency"] = "2",
        });
        var alice = space.As("alice@acme.test");
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(BulkSpace.MoveFile(Enumerable.Range(1, users))), $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan", TimeSpan.FromSeconds(60));
        await alice.SubmitAsync(plan, "Confirm");
        await space.CardAsync(upload.ThreadId, "starts now");
        await RowsDoneAsync(space, atLeast: 1);

        Assert.Equal(1, await DropAsync(space, refuseNext: true));
        var jobs = await alice.MentionAsync(DemoOrg.AdminsRoomId, "jobs"); // sent while the bot is not connected
        Assert.True(await RowsDoneAsync(space, atLeast: 1) < users, "the drop should come in the middle of the job");
        var listed = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, jobs.Id, TimeSpan.FromSeconds(60));
        Assert.Contains("J", listed.CardText + listed.Text);

        await space.WaitForAsync(upload.ThreadId, m => m.HasCard && m.CardText.Contains("finished"), TimeSpan.FromSeconds(120));
        var results = BulkSpace.CsvLines(await space.DownloadAsync(await space.FileAsync(upload.ThreadId, "Results")));
        Assert.Equal(users, results.Count);
        Assert.All(results, r => Assert.True(r[4] == "done", $"row {r[0]} {r[1]}: {r[4]} {r[5]}"));
        var applied = await AppliedPerUserAsync(space);
        Assert.Equal(users, applied.Count);
        Assert.All(applied.Values, n => Assert.Equal(1, n));
        Assert.True(await space.StaysQuietAsync(DemoOrg.AdminsRoomId, jobs.Id, TimeSpan.FromSeconds(2)), "the jobs command was answered twice");
        Assert.Single(await ThreadAsync(space, DemoOrg.AdminsRoomId, jobs.Id));
        Assert.True((await SocketAsync(space)).GetProperty("redelivered").GetInt64() > 0);
    }

    [Fact]
    public async Task The_device_is_reused_after_a_restart_and_webhooks_of_an_earlier_run_are_removed()
    {
        await using var space = await StartAsync();
        var device = Assert.Single(await DevicesAsync(space)).GetProperty("url").GetString();
        Assert.Equal(device, await StoredDeviceAsync(space));
        // As if an earlier run in webhook mode had left its webhook behind, next to someone else's.
        var body = new StringContent("""{"name":"LicenseBot messages","targetUrl":"http://127.0.0.1:9/api/webex/events","resource":"messages","event":"created"}""", Encoding.UTF8, "application/json");
        await space.Client.SendAsync(HttpMethod.Post, "webhooks", space.Sandbox.BotToken, body);
        var other = new StringContent("""{"name":"audit forwarder","targetUrl":"http://127.0.0.1:9/hook","resource":"messages","event":"created"}""", Encoding.UTF8, "application/json");
        await space.Client.SendAsync(HttpMethod.Post, "webhooks", space.Sandbox.BotToken, other);

        await space.RestartAsync();

        // The same registration (the sandbox's port, and so the URL's host, changes at a restart; the device id does not).
        var after = Assert.Single(await DevicesAsync(space)).GetProperty("url").GetString()!;
        Assert.Equal(device!.Split('/')[^1], after.Split('/')[^1]);
        Assert.Equal(after, await StoredDeviceAsync(space));
        var left = (await space.Client.SendAsync(HttpMethod.Get, "webhooks", space.Sandbox.BotToken)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("audit forwarder", Assert.Single(left).GetProperty("name").GetString());
        var asked = await space.As("alice@acme.test").MentionAsync(DemoOrg.AdminsRoomId, "help");
        Assert.Contains("Show this list.", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).CardText);
    }

    [Fact]
    public async Task A_device_that_is_gone_is_registered_again_whether_its_refresh_or_its_socket_says_404()
    {
        await using var space = await StartAsync();
        var first = Assert.Single(await DevicesAsync(space)).GetProperty("url").GetString()!;

        // Deleted (as Webex may expire it): the socket closes, the refresh before reconnecting gets 404.
        await space.Client.SendAsync(HttpMethod.Delete, first, space.Sandbox.BotToken);
        await HealthUntilAsync(space, "connected", reconnects: 1);
        var second = Assert.Single(await DevicesAsync(space)).GetProperty("url").GetString();
        Assert.NotEqual(first, second);
        Assert.Equal(second, await StoredDeviceAsync(space));

        // Stale (the socket handshake answers 404 while the device is still listed): replaced, and the stale one deleted.
        Assert.Equal(1, await DropAsync(space, refuseNext: true, refuseStatus: 404));
        await HealthUntilAsync(space, "connected", reconnects: 2);
        var third = Assert.Single(await DevicesAsync(space)).GetProperty("url").GetString();
        Assert.NotEqual(second, third);
        Assert.Equal(third, await StoredDeviceAsync(space));
        Assert.Contains(space.Problems, p => p.Contains("gone (404)", StringComparison.Ordinal));

        var asked = await space.As("alice@acme.test").MentionAsync(DemoOrg.AdminsRoomId, "help");
        Assert.Contains("Show this list.", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).CardText);
    }

    [Fact]
    public async Task A_connection_replaced_by_another_stops_for_good_and_the_health_check_says_so()
    {
        await using var space = await StartAsync();
        var device = Assert.Single(await DevicesAsync(space));

        // A second client of the same device: Webex closes the first connection with 4000.
        using var intruder = new ClientWebSocket();
        await intruder.ConnectAsync(new Uri(device.GetProperty("webSocketUrl").GetString()!), CancellationToken.None);
        await intruder.SendAsync(Encoding.UTF8.GetBytes(MercuryFrames.Authorization(space.Sandbox.BotToken)), WebSocketMessageType.Text, true, CancellationToken.None);

        var health = await HealthUntilAsync(space, "replaced");
        Assert.Equal(4000, health.GetProperty("lastCloseCode").GetInt32());
        Assert.Equal(503, (await HealthAsync(space)).Status);
        Assert.Contains(space.Problems, p => p.Contains("4000", StringComparison.Ordinal) && p.Contains("replaced", StringComparison.Ordinal));

        // The bot does not fight back: the intruder keeps the device, the bot stays off.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(WebSocketState.Open, intruder.State);
        Assert.Equal(2, (await SocketAsync(space)).GetProperty("connections").GetInt32()); // the bot's and the intruder's, no third
        Assert.Equal("replaced", (await HealthAsync(space)).Body.GetProperty("socket").GetString());
        await intruder.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task An_outage_longer_than_the_event_buffer_is_reported_in_the_log_and_health_check_not_silently_missed()
    {
        await using var space = await StartAsync(extra: new()
        {
            ["Sandbox:SocketBufferSeconds"] = "1",
            ["Webex:Websocket:BufferWindow"] = "00:00:01",
            ["Webex:Websocket:ReconnectInitialDelay"] = "00:00:05", // jittered: 2.5 to 5 s down
        });
        var alice = space.As("alice@acme.test");

        Assert.Equal(1, await DropAsync(space, refuseNext: false));
        var lost = await alice.MentionAsync(DemoOrg.AdminsRoomId, "help");
        var health = await HealthUntilAsync(space, "connected", reconnects: 1);

        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, health.GetProperty("missedEvents").ValueKind);
        Assert.Contains(space.Problems, p => p.Contains("longer than Webex keeps events", StringComparison.Ordinal));
        Assert.True((await SocketAsync(space)).GetProperty("dropped").GetInt64() >= 1, "the sandbox should have dropped the stale event");
        Assert.True(await space.StaysQuietAsync(DemoOrg.AdminsRoomId, lost.Id, TimeSpan.FromSeconds(2)));

        // After the outage the bot listens again.
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "help");
        Assert.Contains("Show this list.", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).CardText);
    }

    private static async Task<long> RowsDoneAsync(BotSpace space, int atLeast)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            await using var connection = await space.Services.GetRequiredService<IBotDatabase>().OpenAsync(CancellationToken.None);
            var done = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM bulk_job_rows WHERE state = 'Done'");
            if (done >= atLeast) return done;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Fewer than {atLeast} rows done.");
            await Task.Delay(50);
        }
    }

    private static async Task<Dictionary<string, int>> AppliedPerUserAsync(BotSpace space)
    {
        await using var connection = await space.Services.GetRequiredService<IBotDatabase>().OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync<(string Email, long Count)>("SELECT email, COUNT(*) FROM audit_entries WHERE outcome = 'Applied' GROUP BY email");
        return rows.ToDictionary(r => r.Email, r => (int)r.Count);
    }

    private static async Task<int> AppliedAsync(BotSpace space, string email) => (await AppliedPerUserAsync(space)).GetValueOrDefault(email);

    private static async Task<string?> StoredDeviceAsync(BotSpace space) =>
        await space.Services.GetRequiredService<DeviceRegistry>().StoredUrlAsync(CancellationToken.None);
}
