using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Text;
using LicenseBot.Tests.Harness;
using Microsoft.Extensions.Time.Testing;
using static LicenseBot.Tests.Jobs.PlanSamples;

namespace LicenseBot.Tests.Jobs;

/// <summary>
/// The job store's SQL, run on both providers: every scenario is a <c>[Fact]</c> on SQLite and a <c>[PostgresFact]</c>
/// on PostgreSQL (which CI runs against a throwaway server).
/// </summary>
public sealed class JobStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact] public Task A_plan_is_stored_with_every_row_before_anything_runs_problem_rows_already_skipped() => OnSqlite(PlanIsStored);
    [PostgresFact] public Task On_PostgreSQL_a_plan_is_stored_with_every_row_before_anything_runs() => OnPostgres(PlanIsStored);

    [Fact] public Task Confirm_works_once_and_a_discarded_plan_can_no_longer_be_confirmed() => OnSqlite(ConfirmOnce);
    [PostgresFact] public Task On_PostgreSQL_confirm_works_once() => OnPostgres(ConfirmOnce);

    [Fact] public Task A_running_job_is_claimed_by_one_instance_until_its_lease_runs_out() => OnSqlite(JobLease);
    [PostgresFact] public Task On_PostgreSQL_a_running_job_is_claimed_by_one_instance_until_its_lease_runs_out() => OnPostgres(JobLease);

    [Fact] public Task The_journal_records_applying_then_the_outcome_and_counts_follow() => OnSqlite(Journal);
    [PostgresFact] public Task On_PostgreSQL_the_journal_records_applying_then_the_outcome_and_counts_follow() => OnPostgres(Journal);

    [Fact] public Task A_row_is_sent_only_by_the_instance_holding_its_lease() => OnSqlite(RowLease);
    [PostgresFact] public Task On_PostgreSQL_a_row_is_sent_only_by_the_instance_holding_its_lease() => OnPostgres(RowLease);

    [Fact] public Task A_stopping_instance_lets_go_of_its_rows_and_a_cancel_stops_claimed_rows_being_sent() => OnSqlite(ReleaseAndCancel);
    [PostgresFact] public Task On_PostgreSQL_a_stopping_instance_lets_go_of_its_rows_and_a_cancel_stops_claimed_rows() => OnPostgres(ReleaseAndCancel);

    [Fact] public Task Instances_claiming_at_the_same_time_get_disjoint_rows() => OnSqlite(db => ConcurrentClaims(db, rows: 120));
    [PostgresFact] public Task On_PostgreSQL_instances_claiming_at_the_same_time_get_disjoint_rows_without_waiting() => OnPostgres(db => ConcurrentClaims(db, rows: 400));

    [Fact] public Task A_rows_reason_is_stored_unwritten_and_read_in_any_language_and_an_older_plain_reason_reads_back_as_written() => OnSqlite(TypedReasons);
    [PostgresFact] public Task On_PostgreSQL_a_rows_reason_is_stored_unwritten_and_an_older_plain_reason_reads_back_as_written() => OnPostgres(TypedReasons);

    private static async Task TypedReasons(JobDb db)
    {
        var (store, job) = await PlannedJobAsync(db);
        var partial = LocalText.Of("jobs.row.partial", LocalText.Of("jobs.op.add", LocalText.Of("licensing.licence_unknown")));
        Assert.Equal([1], (await store.ClaimRowsAsync(job.Id, RowState.Pending, "A", db.Time.GetUtcNow().AddMinutes(1), 1, None)).Select(r => r.Seq));
        Assert.True(await store.CompleteRowAsync(job.Id, 1, "A", new RowResult(RowState.Failed, partial, "TRACK-1", null), "Partial", None));
        Assert.Equal(1, await store.SkipPendingAsync(job.Id, LocalText.Of("jobs.row.cancelled"), None));
        // A row finished before reasons were typed (jobs migration 5): its words are in `error`, nothing in `reason`.
        await using (var connection = await db.Database.OpenAsync(None))
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE bulk_job_rows SET error = @error, reason = NULL WHERE job_id = @Id AND seq = 2",
                new { job.Id, error = "Niet gestart: de taak is geannuleerd." });

        var rows = await store.ReadAllRowsAsync(job.Id, None).ToListAsync();

        Assert.Equal(partial, rows[0].Error);
        Assert.Equal("Webex applied only part of the change (206): add a licence not in this org's list did not apply.", rows[0].Error!.In(BotLanguage.English));
        Assert.Equal("Webex heeft maar een deel van de wijziging doorgevoerd (206): toevoegen van een licentie die niet in de lijst van deze organisatie staat niet doorgevoerd.",
            rows[0].Error!.In(BotLanguage.Dutch));
        Assert.Equal("Niet gestart: de taak is geannuleerd.", rows[1].Error!.In(BotLanguage.English));
        Assert.Equal("Niet gestart: de taak is geannuleerd.", rows[1].Error!.In(BotLanguage.Dutch));
        Assert.Equal(("Not started: the job was cancelled.", "Niet gestart: de taak is geannuleerd."),
            (rows[2].Error!.In(BotLanguage.English), rows[2].Error!.In(BotLanguage.Dutch)));
    }

    private static async Task PlanIsStored(JobDb db)
    {
        var (store, job) = await PlannedJobAsync(db);

        var stored = await store.GetAsync(job.Id, None);
        var rows = await store.ReadAllRowsAsync(job.Id, None).ToListAsync();

        Assert.Equal(JobState.Planned, stored!.State);
        Assert.Equal("Webex Calling - Professional [Sub-NEW]", stored.Labels[ProNew.Id]);
        Assert.Equal([2, 3, 4], rows.Select(r => r.SourceRow));
        Assert.Equal([RowState.Pending, RowState.Skipped, RowState.Pending], rows.Select(r => r.State));
        Assert.Equal(new LicenceAdd(ProNew.Id, "LOC-AMS", "+31201234567", "1001"), rows[0].Adds.Single());
        Assert.Equal([ProOld.Id], rows[0].RemoveIds);
        Assert.Contains("not a user", rows[1].Error?.In(BotLanguage.English));
        Assert.Empty(await store.FindRunnableAsync("me", None));
        Assert.Equal([job.Id], (await store.ListAsync("ROOM", 10, None)).Select(j => j.Id));
    }

    private static async Task ConfirmOnce(JobDb db)
    {
        var (store, job) = await PlannedJobAsync(db);

        Assert.True(await store.ConfirmAsync(job.Id, "P-ALICE", None));
        Assert.False(await store.ConfirmAsync(job.Id, "P-ALICE", None));
        Assert.False(await store.DiscardAsync(job.Id, None));
        Assert.Equal([job.Id], await store.FindRunnableAsync("me", None));
        Assert.Equal("P-ALICE", (await store.GetAsync(job.Id, None))!.ConfirmedBy);
    }

    private static async Task JobLease(JobDb db)
    {
        var (store, job) = await PlannedJobAsync(db);
        await store.ConfirmAsync(job.Id, "P-ALICE", None);

        Assert.True(await store.TryClaimAsync(job.Id, "A", db.Time.GetUtcNow().AddMinutes(2), None));
        Assert.False(await store.TryClaimAsync(job.Id, "B", db.Time.GetUtcNow().AddMinutes(2), None));
        Assert.Empty(await store.FindRunnableAsync("B", None));

        db.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal([job.Id], await store.FindRunnableAsync("B", None));
        Assert.True(await store.TryClaimAsync(job.Id, "B", db.Time.GetUtcNow().AddMinutes(2), None));
        Assert.Equal(JobState.Running, (await store.GetAsync(job.Id, None))!.State);
    }

    private static async Task Journal(JobDb db)
    {
        var (store, job) = await PlannedJobAsync(db);
        var claimed = await store.ClaimRowsAsync(job.Id, RowState.Pending, "A", db.Time.GetUtcNow().AddMinutes(1), 1, None);

        Assert.Equal([1], claimed.Select(r => r.Seq));
        Assert.True(await store.MarkApplyingAsync(job.Id, 1, "A", None));
        Assert.Equal(1, (await store.GetRowsAsync(job.Id, RowState.Applying, 10, None)).Single().Attempts);
        Assert.True(await store.CompleteRowAsync(job.Id, 1, "A", new RowResult(RowState.Done, null, "TRACK-1", [ProNew.Id]), "Applied", None));
        Assert.False(await store.CompleteRowAsync(job.Id, 1, "A", new RowResult(RowState.Failed, LocalText.Verbatim("again"), null, null), "Failed", None));
        var owed = Assert.Single(await store.GetAuditOwedAsync(job.Id, 0, 10, None));
        Assert.Equal((1, "Applied", "TRACK-1", db.Time.GetUtcNow()), (owed.Seq, owed.AuditOutcome, owed.TrackingId, owed.UpdatedAt));
        Assert.Empty(await store.GetAuditOwedAsync(job.Id, 1, 10, None));
        await store.MarkAuditedAsync(job.Id, 1, None);
        Assert.Empty(await store.GetAuditOwedAsync(job.Id, 0, 10, None));
        Assert.True(await store.ConfirmAsync(job.Id, "P-ALICE", None));
        Assert.True(await store.RequestCancelAsync(job.Id, None));
        Assert.True(await store.IsCancelRequestedAsync(job.Id, None));
        Assert.Equal(1, await store.SkipPendingAsync(job.Id, LocalText.Of("jobs.row.cancelled"), None));
        await store.FinishAsync(job.Id, JobState.Cancelled, None);

        var rows = await store.ReadAllRowsAsync(job.Id, None).ToListAsync();
        Assert.Equal((RowState.Done, "TRACK-1"), (rows[0].State, rows[0].TrackingId));
        Assert.Equal([ProNew.Id], rows[0].AfterIds);
        Assert.Equal((RowState.Skipped, LocalText.Of("jobs.row.cancelled")), (rows[2].State, rows[2].Error));
        Assert.Equal(new JobCounts(0, 0, 1, 0, 2), await store.CountAsync(job.Id, None));
        var finished = await store.GetAsync(job.Id, None);
        Assert.Equal((JobState.Cancelled, true), (finished!.State, finished.CancelRequested));
        Assert.Equal(db.Time.GetUtcNow(), finished.FinishedAt);
    }

    private static async Task RowLease(JobDb db)
    {
        var (store, job) = await PlannedJobAsync(db);
        var lease = TimeSpan.FromSeconds(30);

        var a = await store.ClaimRowsAsync(job.Id, RowState.Pending, "A", db.Time.GetUtcNow() + lease, 10, None);
        Assert.Equal([1, 3], a.Select(r => r.Seq));
        Assert.Empty(await store.ClaimRowsAsync(job.Id, RowState.Pending, "B", db.Time.GetUtcNow() + lease, 10, None));
        Assert.False(await store.MarkApplyingAsync(job.Id, 1, "B", None));
        Assert.True(await store.MarkApplyingAsync(job.Id, 1, "A", None));

        // A stalls past its lease: B takes row 3 and the interrupted row 1, and A can no longer send or journal either.
        db.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal([3], (await store.ClaimRowsAsync(job.Id, RowState.Pending, "B", db.Time.GetUtcNow() + lease, 10, None)).Select(r => r.Seq));
        Assert.Equal([1], (await store.ClaimRowsAsync(job.Id, RowState.Applying, "B", db.Time.GetUtcNow() + lease, 10, None)).Select(r => r.Seq));
        Assert.False(await store.MarkApplyingAsync(job.Id, 3, "A", None));
        Assert.False(await store.CompleteRowAsync(job.Id, 1, "A", new RowResult(RowState.Done, null, null, null), null, None));

        // B's leases hold while it renews them.
        db.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(2, await store.RenewRowsAsync(job.Id, "B", db.Time.GetUtcNow() + lease, None));
        db.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(await store.ClaimRowsAsync(job.Id, RowState.Pending, "A", db.Time.GetUtcNow() + lease, 10, None));
        await store.ResetToPendingAsync(job.Id, 1, "B", None);
        Assert.True(await store.MarkApplyingAsync(job.Id, 1, "B", None));
        Assert.True(await store.CompleteRowAsync(job.Id, 1, "B", new RowResult(RowState.Done, null, "T", [ProNew.Id]), null, None));
        Assert.Equal(2, (await store.GetRowsAsync(job.Id, RowState.Done, 10, None)).Single().Attempts);
    }

    private static async Task ReleaseAndCancel(JobDb db)
    {
        var (store, job) = await PlannedJobAsync(db);
        await store.ConfirmAsync(job.Id, "P-ALICE", None);
        var until = db.Time.GetUtcNow().AddMinutes(1);
        Assert.True(await store.TryClaimAsync(job.Id, "A", until, None));
        await store.ClaimRowsAsync(job.Id, RowState.Pending, "A", until, 10, None);
        Assert.True(await store.MarkApplyingAsync(job.Id, 1, "A", None));

        await store.ReleaseAsync(job.Id, "A", None);

        // At once, not after the lease: the job and its rows are free; the row being sent stays Applying, to be read first.
        Assert.Equal([job.Id], await store.FindRunnableAsync("B", None));
        Assert.True(await store.TryClaimAsync(job.Id, "B", until, None));
        Assert.Equal([1], (await store.ClaimRowsAsync(job.Id, RowState.Applying, "B", until, 10, None)).Select(r => r.Seq));
        Assert.Equal([3], (await store.ClaimRowsAsync(job.Id, RowState.Pending, "B", until, 10, None)).Select(r => r.Seq));

        Assert.True(await store.RequestCancelAsync(job.Id, None));
        await store.SkipPendingAsync(job.Id, LocalText.Of("jobs.row.cancelled"), None);
        Assert.False(await store.MarkApplyingAsync(job.Id, 3, "B", None));
    }

    private static async Task ConcurrentClaims(JobDb db, int rows)
    {
        var store = new JobStore(db.Database, db.Time);
        var builder = new BulkPlanBuilder(Org(Enumerable.Range(0, rows).Select(i => User($"u{i}", Calling, ProOld)).ToArray()), "CSV many.csv");
        for (var i = 0; i < rows; i++) builder.AddChange(i + 2, $"u{i}@acme.test", [ProNew.Id], [ProOld.Id]);
        var job = await new JobFactory(store, db.Time).CreateAsync(builder.Build(), JobKind.CsvMove, "ROOM", null, "P-ALICE", None);
        var until = db.Time.GetUtcNow().AddMinutes(1);

        // Eight instances, each claiming batches of 7 and finishing them until nothing is left.
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var instance = new JobStore(db.Database, db.Time);
            var mine = new List<int>();
            while (await instance.ClaimRowsAsync(job.Id, RowState.Pending, $"I{i}", until, 7, None) is { Count: > 0 } batch)
            {
                foreach (var row in batch)
                {
                    Assert.True(await instance.MarkApplyingAsync(job.Id, row.Seq, $"I{i}", None));
                    Assert.True(await instance.CompleteRowAsync(job.Id, row.Seq, $"I{i}", new RowResult(RowState.Done, null, null, null), null, None));
                }
                mine.AddRange(batch.Select(r => r.Seq));
            }
            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(rows, all.Count);
        Assert.Equal(Enumerable.Range(1, rows), all.Order());
        Assert.Equal(rows, (await store.CountAsync(job.Id, None)).Done);
    }

    [PostgresFact]
    public async Task On_PostgreSQL_a_claim_skips_rows_another_instance_has_locked_instead_of_waiting_or_taking_them()
    {
        await using var db = await TestPostgresDatabase.CreateAsync(new JobMigrations());
        var (store, job) = await PlannedJobAsync(new JobDb(db.Database, db.Time));
        var until = db.Time.GetUtcNow().AddMinutes(1);

        // Another instance is in the middle of its claim: row 1 is locked by its open transaction.
        await using var other = await db.Database.OpenAsync(None);
        await using var tx = await other.BeginTransactionAsync(None);
        await Dapper.SqlMapper.ExecuteAsync(other, "SELECT seq FROM bulk_job_rows WHERE job_id = @Id AND seq = 1 FOR UPDATE", new { job.Id }, tx);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var claimed = await store.ClaimRowsAsync(job.Id, RowState.Pending, "B", until, 10, timeout.Token);

        Assert.Equal([3], claimed.Select(r => r.Seq));
        await tx.RollbackAsync(None);
        Assert.Equal([1, 3], (await store.ClaimRowsAsync(job.Id, RowState.Pending, "B", until, 10, None)).Select(r => r.Seq));
    }

    private static async Task<(JobStore Store, BulkJob Job)> PlannedJobAsync(JobDb db)
    {
        var store = new JobStore(db.Database, db.Time);
        var builder = new BulkPlanBuilder(Org(User("bob", Calling, ProOld), User("carol", Calling, ProOld)), "CSV users.csv");
        builder.AddChange(2, "bob@acme.test", [ProNew.Id], [ProOld.Id]);
        builder.AddChange(3, "nobody@acme.test", [ProNew.Id], [ProOld.Id]);
        builder.AddChange(4, "carol@acme.test", [ProNew.Id], [ProOld.Id]);
        var job = await new JobFactory(store, db.Time).CreateAsync(builder.Build(), JobKind.CsvMove, "ROOM", "THREAD", "P-ALICE", None);
        return (store, job);
    }

    private sealed record JobDb(IBotDatabase Database, FakeTimeProvider Time);

    private static async Task OnSqlite(Func<JobDb, Task> scenario)
    {
        await using var db = new TestDatabase(new JobMigrations());
        await scenario(new JobDb(db.Database, db.Time));
    }

    private static async Task OnPostgres(Func<JobDb, Task> scenario)
    {
        await using var db = await TestPostgresDatabase.CreateAsync(new JobMigrations());
        await scenario(new JobDb(db.Database, db.Time));
    }
}
