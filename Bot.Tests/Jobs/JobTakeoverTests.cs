using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using LicenseBot.Core.Storage;
using LicenseBot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using static LicenseBot.Tests.Jobs.BulkSpace;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Jobs;

/// <summary>A job taken over from a host that died: rows it still held, and audit entries it still owed.</summary>
public sealed partial class JobTakeoverTests
{
    [Fact]
    public async Task An_audit_entry_owed_when_the_host_died_is_written_once_when_the_job_resumes()
    {
        await using var space = await BotSpace.StartAsync(Seed(6), new Dictionary<string, string?> { ["Jobs:PollInterval"] = "00:00:00.200" });
        var alice = space.As("alice@acme.test");
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(MoveFile(Enumerable.Range(1, 6))), $"<@personId:{space.BotId}|LicenseBot>");
        await alice.SubmitAsync(await space.CardAsync(upload.ThreadId, "Bulk plan"), "Confirm");
        // The confirmation comes first in the thread (after the plan's CSV file), before any progress.
        var confirmed = await space.WaitForAsync(upload.ThreadId, m => m.Files.Count == 0);
        Assert.Contains("starts now", confirmed.CardText);
        var jobId = JobId().Match(confirmed.CardText).Value;
        await space.CardAsync(upload.ThreadId, "finished");
        Assert.Equal(6, await ScalarAsync(space, "SELECT COUNT(*) FROM audit_entries WHERE outcome = 'Applied'", jobId));

        // What a kill between the journal write and the audit write leaves: row 3 done and owed, its entry missing, the job still running.
        await ExecuteAsync(space, "DELETE FROM audit_entries WHERE id = @jobId || '-3'", jobId);
        await ExecuteAsync(space, "UPDATE bulk_job_rows SET audit_pending = 1 WHERE job_id = @jobId AND seq = 3", jobId);
        await ExecuteAsync(space, "UPDATE bulk_jobs SET state = 'Running', lease_owner = NULL, lease_until = NULL WHERE id = @jobId", jobId);
        await space.RestartAsync();

        await space.WaitForAsync(upload.ThreadId, m => m.HasCard && m.CardText.Contains("finished"), TimeSpan.FromSeconds(60));
        Assert.Equal(6, await ScalarAsync(space, "SELECT COUNT(*) FROM audit_entries WHERE outcome = 'Applied'", jobId));
        Assert.Equal(1, await ScalarAsync(space, $"SELECT COUNT(*) FROM audit_entries WHERE email = '{Email(3)}'", jobId));
        Assert.Equal(0, await ScalarAsync(space, "SELECT COUNT(*) FROM bulk_job_rows WHERE job_id = @jobId AND audit_pending = 1", jobId));
        var card = (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, (await alice.MentionAsync(DemoOrg.AdminsRoomId, $"audit {Email(3)}")).Id)).CardText;
        Assert.Contains($"Job {jobId}, row 4.", card);
    }

    [Fact]
    public async Task Rows_a_dead_host_still_holds_are_taken_over_once_their_leases_run_out_never_left_behind()
    {
        await using var space = await BotSpace.StartAsync(Seed(6), new Dictionary<string, string?>
        {
            ["Jobs:LeaseDuration"] = "00:00:03",
            ["Jobs:PollInterval"] = "00:00:00.200",
        });
        var alice = space.As("alice@acme.test");
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(MoveFile(Enumerable.Range(1, 6))), $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan");
        var jobId = await ScalarTextAsync(space, "SELECT id FROM bulk_jobs WHERE state = 'Planned'");

        // A host that died a moment ago still holds rows 1 and 2 (row 2 was being sent) under leases that outlive the job's lease.
        var until = DateTimeOffset.UtcNow.AddSeconds(4).ToUnixTimeMilliseconds();
        await ExecuteAsync(space, $"UPDATE bulk_job_rows SET lease_owner = 'dead-host', lease_until = {until} WHERE job_id = @jobId AND seq IN (1, 2)", jobId);
        await ExecuteAsync(space, "UPDATE bulk_job_rows SET state = 'Applying', attempts = 1 WHERE job_id = @jobId AND seq = 2", jobId);
        await alice.SubmitAsync(plan, "Confirm");

        var finished = await space.WaitForAsync(upload.ThreadId, m => m.HasCard && m.CardText.Contains("finished"), TimeSpan.FromSeconds(60));
        Assert.Contains("Done\n6", finished.CardText);
        Assert.Equal(6, await ScalarAsync(space, "SELECT COUNT(*) FROM bulk_job_rows WHERE job_id = @jobId AND state = 'Done'", jobId));
        Assert.Equal(6, await ScalarAsync(space, "SELECT COUNT(*) FROM audit_entries WHERE outcome = 'Applied'", jobId));
        foreach (var i in new[] { 1, 2, 6 }) Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-OLD"), ProNew }.Order(), (await space.UserAsync(Id(i))).Licences.Order());
    }

    private static async Task<string> ScalarTextAsync(BotSpace space, string sql)
    {
        await using var connection = await space.Services.GetRequiredService<IBotDatabase>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string>(sql) ?? throw new InvalidOperationException("no planned job");
    }

    private static async Task<long> ScalarAsync(BotSpace space, string sql, string jobId)
    {
        await using var connection = await space.Services.GetRequiredService<IBotDatabase>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(sql, new { jobId });
    }

    private static async Task ExecuteAsync(BotSpace space, string sql, string jobId)
    {
        await using var connection = await space.Services.GetRequiredService<IBotDatabase>().OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(sql, new { jobId });
    }

    [GeneratedRegex(@"J[A-Z0-9]{6}")]
    private static partial Regex JobId();
}
