using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using Xunit.Abstractions;
using static LicenseBot.Tests.Jobs.BulkSpace;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Harness;

/// <summary>
/// Two instances proven (docs/deployment.md, "Two instances"): the simulator on its own, delivering each webhook to one
/// of two BotHost processes in turn as a load balancer would; both processes in real-org mode against it, one bot, one
/// PostgreSQL database.
/// </summary>
public sealed partial class TwoInstanceEndToEndTests(ITestOutputHelper output)
{
    private const int Users = 1000;

    [PostgresFact]
    public async Task Behind_a_round_robin_two_instances_answer_each_command_once_and_one_finishes_the_job_of_the_other_after_a_kill_9()
    {
        var clock = Stopwatch.StartNew();
        await using var db = await TestPostgresDatabase.CreateAsync();
        var ports = ChildProcess.FreePorts(2);
        var targets = ports.Select(p => $"http://127.0.0.1:{p}/api/webex/events").ToArray();
        await using var simulator = await SimulatorProcess.StartAsync(Seed(Users), new Dictionary<string, string?>
        {
            ["Sandbox:DeliverTo:0"] = targets[0],
            ["Sandbox:DeliverTo:1"] = targets[1],
            // Every call takes a while, so the job runs long enough to be killed in the middle.
            ["Sandbox:LatencyMs"] = "10",
        });
        var settings = db.HostSettings(new Dictionary<string, string?>
        {
            ["Webex:Transport"] = "Webhook",
            // The load balancer's address: both register the same webhooks there (the simulator delivers to DeliverTo instead).
            ["Webex:PublicUrl"] = "https://licensebot.example.test",
            // Short, so the takeover comes soon after the kill; long enough that a loaded machine's stalls do not pass it.
            ["Jobs:LeaseDuration"] = "00:00:05",
            ["Jobs:PollInterval"] = "00:00:00.250",
            ["Jobs:RetryBackoff"] = "00:00:00.050",
        });
        var instances = new List<BotProcess>();
        try
        {
            // One after the other, as a rolling start would: the second finds the first's webhooks and takes them over (same bot, same secret).
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: simulator ready");
            instances.Add(await BotProcess.StartAgainstAsync(simulator, settings, ports[0]));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: first instance ready");
            instances.Add(await BotProcess.StartAgainstAsync(simulator, settings, ports[1]));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: simulator and two instances ready");
            foreach (var instance in instances)
            {
                // A host on a real org does not even load the simulator's assembly (Linux: the process's mapped files).
                Assert.DoesNotContain("LicenseBot.Sandbox.dll", await File.ReadAllTextAsync($"/proc/{instance.ProcessId}/maps"));
            }

            await CommandsAreAnsweredOnceAsync(simulator, targets);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: commands answered");
            await KilledJobIsFinishedByTheOtherAsync(simulator, instances, targets, db);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: job finished by the other instance");
            // Nothing failed on the way (a turn, a background round) in either instance.
            Assert.DoesNotContain(instances.SelectMany(i => i.Output), l => l.StartsWith("fail: LicenseBot", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var line in simulator.Output.Where(l => !l.StartsWith("info:", StringComparison.Ordinal)).TakeLast(20)) output.WriteLine($"[simulator] {line}");
            for (var i = 0; i < instances.Count; i++)
            {
                foreach (var line in instances[i].Output.Where(l => !l.StartsWith("info:", StringComparison.Ordinal)).TakeLast(20)) output.WriteLine($"[bot {i}] {line}");
                await instances[i].DisposeAsync();
            }
        }
    }

    private static async Task CommandsAreAnsweredOnceAsync(SimulatorProcess simulator, string[] targets)
    {
        var alice = simulator.As("alice@acme.test");
        string[] commands = ["help", "jobs", "audit", $"user {Email(7)}", "help", "jobs"];
        // Typed one after the other without waiting, so consecutive deliveries (the round robin's turns) carry commands.
        var asked = new List<PostedMessage>();
        foreach (var command in commands) asked.Add(await alice.MentionAsync(DemoOrg.AdminsRoomId, command));
        foreach (var message in asked) await simulator.Client.NextBotMessageAsync(DemoOrg.AdminsRoomId, message.Id);

        // Quiet for a while after the last answer: a second answer to any command would have come by now.
        Assert.True(await simulator.Client.StaysQuietAsync(DemoOrg.AdminsRoomId, null, TimeSpan.FromSeconds(2)), "the bot said more than one thing to some command");
        var answers = await simulator.Client.BotMessagesAsync(DemoOrg.AdminsRoomId);
        foreach (var (command, message) in commands.Zip(asked))
        {
            Assert.True(answers.Count(a => a.ParentId == message.Id) == 1, $"'{command}' was answered {answers.Count(a => a.ParentId == message.Id)} times");
        }

        // Each command reached one instance, and both instances had their turn.
        var traffic = await simulator.TrafficAsync();
        var delivered = asked.Select(m => traffic.Deliveries.Where(d => d.DataId == m.Id && d.Status == 200).ToList()).ToList();
        Assert.All(delivered, d => Assert.Single(d));
        Assert.All(targets, t => Assert.Contains(delivered, d => d[0].Target == t));
        Assert.DoesNotContain(answers, a => a.ParentId is not null && (a.Text ?? "").Contains("went wrong", StringComparison.OrdinalIgnoreCase));
    }

    private async Task KilledJobIsFinishedByTheOtherAsync(SimulatorProcess simulator, List<BotProcess> instances, string[] targets, TestPostgresDatabase db)
    {
        var alice = simulator.As("alice@acme.test");
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(MoveFile(Enumerable.Range(1, Users))), $"<@personId:{simulator.BotId}|LicenseBot>");
        var plan = await simulator.CardAsync(upload.ThreadId, "Bulk plan", TimeSpan.FromSeconds(60));
        Assert.Matches(@"Rows that change\n1,?000\n", plan.CardText);
        var confirm = await alice.SubmitAsync(plan, "Confirm");
        var jobId = JobId().Match((await simulator.CardAsync(upload.ThreadId, "starts now")).CardText).Value;

        // Wait until some rows are done, then kill -9 the instance running the job (the one holding its lease: the one that
        // took the confirm, unless it stalled past its lease and the other took the job over already).
        var confirmedAt = Assert.Single((await simulator.TrafficAsync()).Deliveries, d => d.DataId == confirm && d.Status == 200).Target;
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var done = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM bulk_job_rows WHERE job_id = @jobId AND state = 'Done'", new { jobId });
            if (done >= Users / 5) break;
            Assert.True(DateTime.UtcNow < deadline, $"the job did not get going ({done} rows done)");
            await Task.Delay(20);
        }
        var owner = await connection.ExecuteScalarAsync<string>("SELECT lease_owner FROM bulk_jobs WHERE id = @jobId", new { jobId });
        var starter = Assert.Single(instances, i => i.ProcessId == int.Parse(owner!.Split('/')[1]));
        var survivor = instances.Single(i => i != starter);
        output.WriteLine($"The confirm went to {confirmedAt}; the job runs on {starter.Address}; killing it");
        await starter.KillAsync();
        var atKill = await connection.QueryAsync<(string State, long Count)>("SELECT state, COUNT(*) FROM bulk_job_rows WHERE job_id = @jobId GROUP BY state", new { jobId });
        output.WriteLine($"At the kill: {string.Join(", ", atKill.Select(r => $"{r.State} {r.Count}"))}");
        Assert.True(atKill.Where(r => r.State == "Done").Sum(r => r.Count) < Users, "the kill should come in the middle of the job");

        var finished = await simulator.CardAsync(upload.ThreadId, "finished", TimeSpan.FromSeconds(60));
        Assert.Matches(@"Done\n1,?000\n", finished.CardText);
        var resultsFile = await simulator.FileAsync(upload.ThreadId, "Results");
        var results = CsvLines(await simulator.DownloadAsync(resultsFile));
        owner = await connection.ExecuteScalarAsync<string>("SELECT lease_owner FROM bulk_jobs WHERE id = @jobId", new { jobId });
        Assert.True(owner is null || int.Parse(owner.Split('/')[1]) == survivor.ProcessId, $"the job was last held by {owner}");

        // Results CSV posted once, one line per row, every row done.
        Assert.True(await simulator.Client.StaysQuietAsync(DemoOrg.AdminsRoomId, upload.ThreadId, TimeSpan.FromSeconds(2)), "the bot posted more after the results");
        var thread = (await simulator.Client.BotMessagesAsync(DemoOrg.AdminsRoomId)).Where(m => m.ParentId == upload.ThreadId).ToList();
        Assert.Single(thread, m => m.Files.Count > 0 && (m.Text ?? m.Markdown ?? "").Contains("Results", StringComparison.Ordinal));
        Assert.Single(thread, m => m.HasCard && m.CardText.Contains("finished", StringComparison.Ordinal));
        Assert.Equal(Users, results.Count);
        Assert.Equal(Users, results.Select(r => r[1]).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(results, r => Assert.True(r[4] == "done", $"row {r[0]} {r[1]}: {r[4]} {r[5]}"));

        // Every row applied exactly once: one licence PATCH per person reached Webex, none sent again.
        var patches = (await simulator.TrafficAsync()).LicensePatches.GroupBy(p => p.PersonId ?? "").ToDictionary(g => g.Key, g => g.Select(p => p.Status).ToList());
        Assert.Equal(Users, patches.Count);
        Assert.All(Enumerable.Range(1, Users), i => Assert.Equal([200], patches.GetValueOrDefault(Id(i)) ?? []));

        // Audit: one entry per row.
        var audit = (await connection.QueryAsync<(string Email, string Outcome)>("SELECT email, outcome FROM audit_entries")).ToList();
        Assert.Equal(Users, audit.Count);
        Assert.Equal(Users, audit.Select(a => a.Email).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(audit, a => Assert.Equal("Applied", a.Outcome));

        // And the org is as the file said.
        foreach (var i in new[] { 1, Users / 2, Users })
        {
            var user = await simulator.UserAsync(Id(i));
            Assert.Contains(ProNew, user.Licences);
            Assert.DoesNotContain(ProOld, user.Licences);
            Assert.Equal(2, user.Licences.Count);
            Assert.Equal((3000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), user.Extension);
        }
    }

    [GeneratedRegex(@"J[A-Z0-9]{6}")]
    private static partial Regex JobId();
}
