using LicenseBot.Core.Webex;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Storage;
using LicenseBot.Tests.Harness;
using LicenseBot.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using static LicenseBot.Tests.Jobs.BulkSpace;

namespace LicenseBot.Tests.Jobs;

/// <summary>Bulk jobs against a misbehaving Webex: rate limits, faults, partial answers, a restart, a crash, a cancel.</summary>
public sealed partial class JobResilienceTranscriptTests(ITestOutputHelper output)
{
    private static async Task<(BotSpace Space, SpacePerson Alice, string Thread, string JobId)> ConfirmedMoveAsync(
        int users, Dictionary<string, string?> settings, Action<SandboxOptions>? weather = null)
    {
        settings.TryAdd("Jobs:RetryBackoff", "00:00:00.050");
        var space = await BotSpace.StartAsync(Seed(users), settings);
        var alice = space.As("alice@acme.test");
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(MoveFile(Enumerable.Range(1, users))), $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan", TimeSpan.FromSeconds(60));
        await alice.SubmitAsync(plan, "Confirm");
        var started = await space.CardAsync(upload.ThreadId, "starts now");
        // Bad weather starts once the job runs (the harness itself reads the space through the same simulated API).
        weather?.Invoke(space.Services.GetRequiredService<IOptions<SandboxOptions>>().Value);
        return (space, alice, upload.ThreadId, JobId().Match(started.CardText).Value);
    }

    private static async Task<List<string[]>> ResultsAsync(BotSpace space, string thread, TimeSpan timeout)
    {
        await space.WaitForAsync(thread, m => m.HasCard && (m.CardText.Contains("finished") || m.CardText.Contains("cancelled")), timeout);
        return CsvLines(await space.DownloadAsync(await space.FileAsync(thread, "Results")));
    }

    private static async Task<Dictionary<string, int>> AppliedPerUserAsync(BotSpace space)
    {
        await using var connection = await space.Services.GetRequiredService<IBotDatabase>().OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync<(string Email, long Count)>("SELECT email, COUNT(*) FROM audit_entries WHERE outcome = 'Applied' GROUP BY email");
        return rows.ToDictionary(r => r.Email, r => (int)r.Count);
    }

    private static async Task<long> DoneRowsAsync(BotSpace space, string jobId)
    {
        await using var connection = await space.Services.GetRequiredService<IBotDatabase>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM bulk_job_rows WHERE job_id = @jobId AND state = 'Done'", new { jobId });
    }

    private static async Task JobEndedAsync(BotSpace space, string jobId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using (var connection = await space.Services.GetRequiredService<IBotDatabase>().OpenAsync(CancellationToken.None))
            {
                var state = await connection.ExecuteScalarAsync<string>("SELECT state FROM bulk_jobs WHERE id = @jobId", new { jobId });
                if (state is "Completed" or "Cancelled") return;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Job {jobId} did not end within {timeout}.");
    }

    [Fact]
    public async Task A_429_storm_with_ten_percent_faults_still_applies_every_row_exactly_once()
    {
        // Each licence change gets 10 attempts here (default 4): with 10% faults, 4 attempts leave a row failed after four
        // 503s in a row (1 in 10,000 rows, about 1 run in 80 of this test), which is the runner doing its job, not a flake
        // to live with; 10 attempts make that 1 in 10^10 rows.
        var (space, _, thread, jobId) = await ConfirmedMoveAsync(120, new() { ["Jobs:MaxAttempts"] = "10" }, sandbox =>
        {
            sandbox.RateLimitPerSecond = 10;
            sandbox.FaultRate = 0.1;
        });
        await using var _ = space;

        // Watch the job in the bot's database, not through the API, so the test's own reads do not eat the budget.
        await JobEndedAsync(space, jobId, TimeSpan.FromSeconds(120));
        var sandbox = space.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        (sandbox.RateLimitPerSecond, sandbox.FaultRate) = (0, 0);
        var results = await ResultsAsync(space, thread, TimeSpan.FromSeconds(60));

        Assert.True(space.Services.GetRequiredService<WebexPacer>().Throttled > 0, "the storm should have produced 429s on licence changes");
        Assert.Equal(120, results.Count);
        Assert.All(results, r => Assert.True(r[4] == "done", $"row {r[0]} {r[1]}: {r[4]} {r[5]}"));
        var applied = await AppliedPerUserAsync(space);
        Assert.Equal(120, applied.Count);
        Assert.All(applied.Values, n => Assert.Equal(1, n));
        var user = await space.UserAsync(Id(77));
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-OLD"), ProNew }.Order(), user.Licences.Order());
        Assert.Equal("3077", user.Extension);
    }

    [Fact]
    public async Task Partial_answers_are_failed_rows_naming_what_did_not_apply_and_never_strand_a_user_without_calling()
    {
        var (space, _, thread, _) = await ConfirmedMoveAsync(200, new() { ["Sandbox:PartialRate"] = "0.05" });
        await using var _ = space;

        var results = await ResultsAsync(space, thread, TimeSpan.FromSeconds(120));

        var failed = results.Where(r => r[4] == "failed").ToList();
        Assert.NotEmpty(failed);
        Assert.Equal(200, results.Count(r => r[4] is "done" or "failed"));
        foreach (var row in failed)
        {
            Assert.Contains("206", row[5]);
            Assert.Contains("remove Webex Calling - Professional [Sub-OLD] did not apply", row[5]);
            var user = await space.UserAsync(Id(int.Parse(row[1][4..8])));
            Assert.Contains(ProNew, user.Licences);
            Assert.NotNull(user.Extension);
        }
    }

    [Fact]
    public async Task A_host_restart_mid_job_resumes_it_and_loses_no_row()
    {
        var (space, _, thread, jobId) = await ConfirmedMoveAsync(150, new()
        {
            ["Sandbox:LatencyMs"] = "40",
            ["Jobs:MaxConcurrency"] = "2",
        });
        await using var _ = space;
        await Task.Delay(1000);
        var doneBefore = await DoneRowsAsync(space, jobId);
        Assert.True(doneBefore < 150, "the restart should come in the middle of the job");

        await space.RestartAsync();
        var results = await ResultsAsync(space, thread, TimeSpan.FromSeconds(120));

        Assert.Equal(150, results.Count);
        Assert.All(results, r => Assert.True(r[4] == "done", $"row {r[0]} {r[1]}: {r[4]} {r[5]}"));
        foreach (var i in new[] { 1, 75, 150 }) Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-OLD"), ProNew }.Order(), (await space.UserAsync(Id(i))).Licences.Order());
        Assert.All((await AppliedPerUserAsync(space)).Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_host_killed_mid_job_resumes_once_its_lease_runs_out_resolves_rows_in_flight_by_reading_and_applies_every_row_exactly_once()
    {
        const int users = 60;
        var seed = Seed(users);
        // A real process killed with SIGKILL: no graceful stop, so no lease is released and rows being sent stay Applying.
        await using var bot = await BotProcess.StartAsync(seed, new Dictionary<string, string?>
        {
            ["Sandbox:LatencyMs"] = "1000", // every call takes a second, so a row seen Applying is still being sent when the kill lands (its journal and audit writes take milliseconds)
            ["Jobs:MaxConcurrency"] = "4",
            ["Jobs:LeaseDuration"] = "00:00:02",
            ["Jobs:PollInterval"] = "00:00:00.250",
            ["Jobs:RetryBackoff"] = "00:00:00.050",
        });
        var alice = bot.As("alice@acme.test");
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(MoveFile(Enumerable.Range(1, users))), $"<@personId:{bot.BotId}|LicenseBot>");
        var plan = await bot.CardAsync(upload.ThreadId, "Bulk plan", TimeSpan.FromSeconds(60));
        await alice.SubmitAsync(plan, "Confirm");
        var jobId = JobId().Match((await bot.CardAsync(upload.ThreadId, "starts now")).CardText).Value;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var now = await JournalAsync(bot.DatabasePath, jobId);
            if (now.GetValueOrDefault("Done") >= users / 4 && now.GetValueOrDefault("Applying") > 0) break;
            Assert.True(now.GetValueOrDefault("Done") < users, "the crash should come in the middle of the job");
            Assert.True(DateTime.UtcNow < deadline, "the job did not get going");
            await Task.Delay(10);
        }
        await bot.KillAsync();

        var atCrash = await JournalAsync(bot.DatabasePath, jobId);
        var journalAtCrash = await RowsAsync(bot.DatabasePath, jobId);
        var inFlight = journalAtCrash.Where(r => r.Value == "Applying").Select(r => Id(int.Parse(r.Key[4..8]))).ToList();
        Assert.True(inFlight.Count > 0, $"rows should have been left Applying by the crash: {string.Join(", ", atCrash)}");
        var alreadyChanged = await HoldingAsync(Path.Combine(bot.DataDir, SandboxStore.FileName), inFlight, ProNew);
        output.WriteLine($"At the crash: {string.Join(", ", atCrash.Select(kv => $"{kv.Key} {kv.Value}"))}; " +
                         $"{alreadyChanged.Count} of the {inFlight.Count} Applying rows had their change applied by Webex already.");

        // The same data folder and org, without the slow network: the new host takes the job over once the dead one's lease has run out.
        await bot.StartAgainAsync(new Dictionary<string, string?> { ["Sandbox:LatencyMs"] = "0" });
        var finished = await bot.CardAsync(upload.ThreadId, "finished", TimeSpan.FromSeconds(60));
        var results = CsvLines(await bot.DownloadAsync(await bot.FileAsync(upload.ThreadId, "Results")));

        Assert.Contains($"Done\n{users}", finished.CardText);
        Assert.Equal(users, results.Count);
        // A change that reached Webex before the crash and were it sent again would be refused (the old licence is gone): "done" everywhere means never re-sent.
        Assert.All(results, r => Assert.True(r[4] == "done", $"row {r[0]} {r[1]}: {r[4]} {r[5]}"));
        var applied = await AppliedPerUserAsync(bot.DatabasePath);
        Assert.All(applied, a => Assert.True(a.Value == 1, $"{a.Key} was recorded as changed {a.Value} times"));
        // Every row is audited once, also one journaled Done just before the kill whose audit entry was not written yet:
        // the row stays owed in the journal and the resumed job writes the entry.
        Assert.Equal(users, applied.Count);
        var people = seed.People!.Where(p => p.Email.StartsWith("user", StringComparison.Ordinal)).ToList();
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (person, _) =>
        {
            var user = await bot.UserAsync(person.Id!);
            Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-OLD"), ProNew }.Order(), user.Licences.Order());
            Assert.Equal((person.Calling!.PhoneNumber, person.Calling.Extension, true), (user.Phone, user.Extension, user.Voicemail));
        });
    }

    /// <summary>Row states of a job as journaled in the bot's SQLite database (read directly: the host may be dead).</summary>
    private static async Task<Dictionary<string, int>> JournalAsync(string database, string jobId)
    {
        await using var connection = await OpenAsync(database);
        var rows = await connection.QueryAsync<(string State, long Count)>("SELECT state, COUNT(*) FROM bulk_job_rows WHERE job_id = @jobId GROUP BY state", new { jobId });
        return rows.ToDictionary(r => r.State, r => (int)r.Count);
    }

    /// <summary>Each row's state by e-mail.</summary>
    private static async Task<Dictionary<string, string>> RowsAsync(string database, string jobId)
    {
        await using var connection = await OpenAsync(database);
        var rows = await connection.QueryAsync<(string Email, string State)>("SELECT email, state FROM bulk_job_rows WHERE job_id = @jobId", new { jobId });
        return rows.ToDictionary(r => r.Email, r => r.State);
    }

    private static async Task<Dictionary<string, int>> AppliedPerUserAsync(string database)
    {
        await using var connection = await OpenAsync(database);
        var rows = await connection.QueryAsync<(string Email, long Count)>("SELECT email, COUNT(*) FROM audit_entries WHERE outcome = 'Applied' GROUP BY email");
        return rows.ToDictionary(r => r.Email, r => (int)r.Count);
    }

    /// <summary>Which of <paramref name="personIds"/> hold <paramref name="licence"/> in the simulator's saved org (read while no host runs).</summary>
    private static async Task<List<string>> HoldingAsync(string sandboxDatabase, IReadOnlyList<string> personIds, string licence)
    {
        await using var connection = await OpenAsync(sandboxDatabase);
        var holding = new List<string>();
        foreach (var id in personIds)
        {
            var json = await connection.ExecuteScalarAsync<string>("SELECT json FROM entity WHERE kind = 'person' AND id = @id", new { id });
            if (json is not null && System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("licenses").EnumerateArray().Any(l => l.GetString() == licence)) holding.Add(id);
        }
        return holding;
    }

    private static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    [Fact]
    public async Task Cancel_stops_new_rows_and_leaves_their_users_untouched()
    {
        var (space, alice, thread, jobId) = await ConfirmedMoveAsync(100, new()
        {
            ["Sandbox:LatencyMs"] = "40",
            ["Jobs:MaxConcurrency"] = "1",
        });
        await using var _ = space;

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"cancel {jobId}");
        await space.TextAsync(asked.ThreadId, $"Cancelling job {jobId}");
        var results = await ResultsAsync(space, thread, TimeSpan.FromSeconds(60));

        var skipped = results.Where(r => r[4] == "skipped").ToList();
        Assert.NotEmpty(skipped);
        Assert.All(skipped, r => Assert.Equal("Not started: the job was cancelled.", r[5]));
        Assert.Equal(100, results.Count);
        var last = int.Parse(skipped[^1][1][4..8]);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-OLD"), ProOld }.Order(), (await space.UserAsync(Id(last))).Licences.Order());

        var listed = await alice.MentionAsync(DemoOrg.AdminsRoomId, "jobs");
        var list = await space.CardAsync(listed.ThreadId, jobId);
        Assert.Contains("cancelled", list.CardText);
    }

    [Fact]
    public async Task Move_all_moves_everyone_on_a_subscription_and_refuses_a_suspended_one()
    {
        await using var space = await BotSpace.StartAsync(Seed(20));
        var alice = space.As("alice@acme.test");

        var refused = await alice.MentionAsync(DemoOrg.AdminsRoomId, "move all from Sub-SUSP to Sub-NEW");
        Assert.StartsWith("R6:", (await space.TextAsync(refused.ThreadId, "Sub-SUSP")).Text);

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "move all from Sub-OLD to Sub-NEW");
        var plan = await space.CardAsync(asked.ThreadId, "Bulk plan");
        Assert.Contains("Calling moves\n20", plan.CardText);
        Assert.Contains("Messaging [Sub-OLD]", plan.CardText);
        await alice.SubmitAsync(plan, "Confirm");
        var result = await space.CardAsync(asked.ThreadId, "finished", TimeSpan.FromSeconds(60));

        Assert.Contains("Done\n20", result.CardText);
        var user = await space.UserAsync(Id(20));
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-OLD"), ProNew }.Order(), user.Licences.Order());
    }

    [GeneratedRegex(@"J[A-Z0-9]{6}")]
    private static partial Regex JobId();
}
