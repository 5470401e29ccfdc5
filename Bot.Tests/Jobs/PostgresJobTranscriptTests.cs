using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using LicenseBot.Core.Storage;
using LicenseBot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using static LicenseBot.Tests.Jobs.BulkSpace;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Jobs;

/// <summary>A bulk job with the bot's state on PostgreSQL (<c>Storage:Provider=Postgres</c>), as several instances would run it.</summary>
public sealed partial class PostgresJobTranscriptTests
{
    [PostgresFact]
    public async Task On_PostgreSQL_a_csv_move_interrupted_by_a_restart_applies_every_row_exactly_once()
    {
        await using var db = await TestPostgresDatabase.CreateAsync();
        await using var space = await BotSpace.StartAsync(Seed(150), db.HostSettings(new Dictionary<string, string?>
        {
            ["Jobs:RetryBackoff"] = "00:00:00.050",
            ["Jobs:MaxConcurrency"] = "2",
            ["Jobs:RecheckBatchSize"] = "40",
            ["Sandbox:LatencyMs"] = "30",
        }));
        var alice = space.As("alice@acme.test");
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(MoveFile(Enumerable.Range(1, 150))), $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan", TimeSpan.FromSeconds(60));
        await alice.SubmitAsync(plan, "Confirm");
        var jobId = JobId().Match((await space.CardAsync(upload.ThreadId, "starts now")).CardText).Value;

        await WaitUntilAsync(async () => await CountAsync(space, "SELECT COUNT(*) FROM bulk_job_rows WHERE job_id = @jobId AND state = 'Done'", jobId) >= 20);
        Assert.True(await CountAsync(space, "SELECT COUNT(*) FROM bulk_job_rows WHERE job_id = @jobId AND state = 'Done'", jobId) < 150,
            "the restart should come in the middle of the job");
        await space.RestartAsync();
        await space.WaitForAsync(upload.ThreadId, m => m.HasCard && m.CardText.Contains("finished"), TimeSpan.FromSeconds(120));
        var results = CsvLines(await space.DownloadAsync(await space.FileAsync(upload.ThreadId, "Results")));

        Assert.Equal(150, results.Count);
        Assert.All(results, r => Assert.True(r[4] == "done", $"row {r[0]} {r[1]}: {r[4]} {r[5]}"));
        Assert.Equal(150, await CountAsync(space, "SELECT COUNT(DISTINCT email) FROM audit_entries WHERE outcome = 'Applied'", jobId));
        Assert.Equal(150, await CountAsync(space, "SELECT COUNT(*) FROM audit_entries WHERE outcome = 'Applied'", jobId));
        Assert.Equal(0, await CountAsync(space, "SELECT COUNT(*) FROM bulk_job_rows WHERE job_id = @jobId AND lease_until IS NOT NULL", jobId));
        foreach (var i in new[] { 1, 75, 150 })
        {
            var user = await space.UserAsync(Id(i));
            Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-OLD"), ProNew }.Order(), user.Licences.Order());
            Assert.Equal((3000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), user.Extension);
        }
    }

    private static async Task<long> CountAsync(BotSpace space, string sql, string jobId)
    {
        await using var connection = await space.Services.GetRequiredService<IBotDatabase>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(sql, new { jobId });
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The job did not get going within a minute.");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"J[A-Z0-9]{6}")]
    private static partial Regex JobId();
}
