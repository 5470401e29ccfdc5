using LicenseBot.Core.Jobs;
using LicenseBot.Core.Jobs.Planning;
using LicenseBot.Tests.Harness;
using static LicenseBot.Tests.Jobs.PlanSamples;

namespace LicenseBot.Tests.Jobs;

public sealed class JobStoreTests
{
    private static async Task<(TestDatabase Db, JobStore Store, BulkJob Job)> PlannedJobAsync()
    {
        var db = new TestDatabase(new JobMigrations());
        var store = new JobStore(db.Database, db.Time);
        var builder = new BulkPlanBuilder(Org(User("bob", Calling, ProOld), User("carol", Calling, ProOld)), "CSV users.csv");
        builder.AddChange(2, "bob@acme.test", [ProNew.Id], [ProOld.Id]);
        builder.AddChange(3, "nobody@acme.test", [ProNew.Id], [ProOld.Id]);
        builder.AddChange(4, "carol@acme.test", [ProNew.Id], [ProOld.Id]);
        var job = await new JobFactory(store, db.Time).CreateAsync(builder.Build(), JobKind.CsvMove, "ROOM", "THREAD", "P-ALICE", CancellationToken.None);
        return (db, store, job);
    }

    [Fact]
    public async Task A_plan_is_stored_with_every_row_before_anything_runs_problem_rows_already_skipped()
    {
        var (db, store, job) = await PlannedJobAsync();
        await using var _ = db;

        var stored = await store.GetAsync(job.Id, CancellationToken.None);
        var rows = await store.ReadAllRowsAsync(job.Id, CancellationToken.None).ToListAsync();

        Assert.Equal(JobState.Planned, stored!.State);
        Assert.Equal("Webex Calling - Professional [Sub-NEW]", stored.Labels[ProNew.Id]);
        Assert.Equal([2, 3, 4], rows.Select(r => r.SourceRow));
        Assert.Equal([RowState.Pending, RowState.Skipped, RowState.Pending], rows.Select(r => r.State));
        Assert.Equal(new RowAdd(ProNew.Id, "LOC-AMS", "+31201234567", "1001"), rows[0].Adds.Single());
        Assert.Contains("not a user", rows[1].Error);
        Assert.Empty(await store.FindRunnableAsync("me", CancellationToken.None));
    }

    [Fact]
    public async Task Confirm_works_once_and_a_discarded_plan_can_no_longer_be_confirmed()
    {
        var (db, store, job) = await PlannedJobAsync();
        await using var _ = db;

        Assert.True(await store.ConfirmAsync(job.Id, "P-ALICE", CancellationToken.None));
        Assert.False(await store.ConfirmAsync(job.Id, "P-ALICE", CancellationToken.None));
        Assert.False(await store.DiscardAsync(job.Id, CancellationToken.None));
        Assert.Equal([job.Id], await store.FindRunnableAsync("me", CancellationToken.None));
    }

    [Fact]
    public async Task A_running_job_is_claimed_by_one_instance_until_its_lease_runs_out()
    {
        var (db, store, job) = await PlannedJobAsync();
        await using var _ = db;
        await store.ConfirmAsync(job.Id, "P-ALICE", CancellationToken.None);

        Assert.True(await store.TryClaimAsync(job.Id, "A", db.Time.GetUtcNow().AddMinutes(2), CancellationToken.None));
        Assert.False(await store.TryClaimAsync(job.Id, "B", db.Time.GetUtcNow().AddMinutes(2), CancellationToken.None));
        Assert.Empty(await store.FindRunnableAsync("B", CancellationToken.None));

        db.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal([job.Id], await store.FindRunnableAsync("B", CancellationToken.None));
        Assert.True(await store.TryClaimAsync(job.Id, "B", db.Time.GetUtcNow().AddMinutes(2), CancellationToken.None));
        Assert.Equal(JobState.Running, (await store.GetAsync(job.Id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task The_journal_records_applying_then_the_outcome_and_counts_follow()
    {
        var (db, store, job) = await PlannedJobAsync();
        await using var _ = db;

        await store.MarkApplyingAsync(job.Id, 1, CancellationToken.None);
        Assert.Equal(1, (await store.GetRowsAsync(job.Id, RowState.Applying, 10, CancellationToken.None)).Single().Attempts);
        await store.CompleteRowAsync(job.Id, 1, new RowResult(RowState.Done, null, "TRACK-1", [ProNew.Id]), CancellationToken.None);
        await store.SkipPendingAsync(job.Id, "cancelled", CancellationToken.None);

        var rows = await store.ReadAllRowsAsync(job.Id, CancellationToken.None).ToListAsync();
        Assert.Equal((RowState.Done, "TRACK-1"), (rows[0].State, rows[0].TrackingId));
        Assert.Equal([ProNew.Id], rows[0].AfterIds);
        Assert.Equal((RowState.Skipped, "cancelled"), (rows[2].State, rows[2].Error));
        Assert.Equal(new JobCounts(0, 0, 1, 0, 2), await store.CountAsync(job.Id, CancellationToken.None));
    }
}
