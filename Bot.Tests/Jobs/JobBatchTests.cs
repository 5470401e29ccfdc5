using System.Text;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;
using static LicenseBot.Tests.Jobs.BulkSpace;

namespace LicenseBot.Tests.Jobs;

/// <summary>A job of many re-check batches, the next claimed and re-checked while the current one is sent.</summary>
public sealed class JobBatchTests
{
    [Fact]
    public async Task A_job_of_many_batches_sends_each_row_once_and_journals_it_once()
    {
        const int rows = 240;
        await using var space = await BotSpace.StartAsync(Seed(rows), new Dictionary<string, string?>
        {
            ["Jobs:RecheckBatchSize"] = "30",
            ["Jobs:MaxConcurrency"] = "8",
            ["Sandbox:LatencyMs"] = "20",
        });
        var alice = space.As("alice@acme.test");
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(MoveFile(Enumerable.Range(1, rows))), $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan", TimeSpan.FromSeconds(60));
        var patchesBefore = space.Sandbox.ApiCalls("PATCH", "licenses");
        await alice.SubmitAsync(plan, "Confirm");
        await space.WaitForAsync(upload.ThreadId, m => m.HasCard && m.CardText.Contains("finished"), TimeSpan.FromSeconds(120));
        var results = CsvLines(await space.DownloadAsync(await space.FileAsync(upload.ThreadId, "Results")));

        Assert.Equal(rows, results.Count);
        Assert.All(results, r => Assert.True(r[4] == "done", $"row {r[0]} {r[1]}: {r[4]} {r[5]}"));
        Assert.Equal(rows, space.Sandbox.ApiCalls("PATCH", "licenses") - patchesBefore); // no row sent twice
        // No row was taken up by two rounds of this instance (one of them would find it gone and say so).
        Assert.DoesNotContain(space.Problems, p => p.Contains("no longer held", StringComparison.Ordinal) || p.Contains("taken over", StringComparison.Ordinal));
    }
}
