using LicenseBot.Core.Diagnostics;
using LicenseBot.Core.Features.Jobs;
using LicenseBot.Core.Licensing.Applying;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Jobs;

/// <summary>
/// Runs confirmed bulk jobs in the background. For each job: rows left <see cref="RowState.Applying"/> by a crash are
/// resolved by reading the user (never re-sent blindly); then pending rows go in batches — one round of reads re-checks
/// a batch (<see cref="AssignmentChecker"/>: its users, or the holder lists of the licences it touches), then its rows are
/// applied with bounded concurrency under the shared admin budget (<see cref="Webex.WebexPacer"/>), each journaled
/// before and after its PATCH, while the next batch is re-checked. A cancelled job takes no new rows.
/// Rows are claimed under a lease (<see cref="JobStore.ClaimRowsAsync"/>) and a row is sent only while its lease holds,
/// so two instances never apply one row, even when one stalls past the job's lease and another takes the job over.
/// </summary>
public sealed class BulkJobRunner(
    JobStore store,
    RowApplier applier,
    AssignmentChecker checker,
    IJobReporter reporter,
    JobSignal signal,
    IAuditLog audit,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<BulkJobRunner> logger,
    IPersonLanguage? languages = null) : BackgroundService
{
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private long _lastSign = long.MinValue;

    /// <summary>
    /// When the runner last showed it is alive: the start of a polling round, or a lease renewal while a job runs (so a
    /// long job is not taken for a hang). Null before the first round. Read by the host's readiness check.
    /// </summary>
    public DateTimeOffset? LastSignOfLife
    {
        get
        {
            var last = Interlocked.Read(ref _lastSign);
            return last == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(last);
        }
    }

    private void SignOfLife() => Interlocked.Exchange(ref _lastSign, time.GetUtcNow().ToUnixTimeMilliseconds());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            SignOfLife();
            try
            {
                foreach (var jobId in await store.FindRunnableAsync(_owner, stoppingToken))
                    await RunAsync(jobId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Rows stay journaled; the next round picks the job up again.
                logger.LogError(ex, "Bulk job round failed; retrying at the next poll");
            }
            try
            {
                await signal.WaitAsync(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs one job to its end (or until this instance stops or loses the job). Public for tests and the benchmark.</summary>
    public async Task RunAsync(string jobId, CancellationToken ct)
    {
        var found = await store.GetAsync(jobId, ct);
        if (!await store.TryClaimAsync(jobId, _owner, LeaseEnd(), ct)) return;
        // A job already running when this instance claims it was left by another (or a crashed) instance.
        if (found?.State == JobState.Running) Telemetry.LeaseTakeovers.Add(1, new KeyValuePair<string, object?>("kind", "job"));
        var job = await store.GetAsync(jobId, ct);
        if (job is null) return;
        logger.LogInformation("Running bulk job {JobId} ({Kind})", job.Id, job.Kind);
        // Progress, results and the results file speak the language of the admin who confirmed the job.
        using var speaking = BotLanguage.Use(await languages.LanguageOrEnglishAsync(job.ConfirmedBy ?? job.RequestedBy, logger, ct));

        using var held = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewal = RenewLeaseAsync(job.Id, held, renewing.Token);
        try
        {
            await ResolveInterruptedAsync(job, held.Token);
            await AuditOwedAsync(job, held.Token);
            var progress = await reporter.StartAsync(job, await store.CountAsync(job.Id, held.Token), held.Token);
            var cancelled = await ApplyPendingAsync(job, progress, held.Token);
            // Rows still claimed by an instance that died moments ago (their leases outlive the job's by up to a
            // renewal) are neither pending for this one nor finished: wait for those leases to run out, then take them.
            while (await store.CountAsync(job.Id, held.Token) is { Pending: > 0 } or { Applying: > 0 })
            {
                await Task.Delay(options.Value.LeaseDuration / 3, time, held.Token);
                await ResolveInterruptedAsync(job, held.Token);
                cancelled |= await ApplyPendingAsync(job, progress, held.Token);
            }

            await store.FinishAsync(job.Id, cancelled ? JobState.Cancelled : JobState.Completed, ct);
            var counts = await store.CountAsync(job.Id, ct);
            logger.LogInformation("Bulk job {JobId} ended: {Done} done, {Failed} failed, {Skipped} skipped", job.Id, counts.Done, counts.Failed, counts.Skipped);
            await reporter.FinishAsync(progress, counts, ct);
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // Another instance took the job over (this one stalled past its lease); its rows are that instance's now.
            logger.LogWarning("Stopped running bulk job {JobId}: another instance holds it now", job.Id);
        }
        finally
        {
            await renewing.CancelAsync();
            try { await renewal; } catch (OperationCanceledException) { }
            if (ct.IsCancellationRequested) await store.ReleaseAsync(job.Id, _owner, CancellationToken.None);
        }
    }

    /// <summary>After a crash: what did the PATCH of a row left <see cref="RowState.Applying"/> do? Read the user, then decide.</summary>
    private async Task ResolveInterruptedAsync(BulkJob job, CancellationToken ct)
    {
        while (true)
        {
            // Only rows whose lease ran out: a row another instance is still sending is not this one's to judge.
            var interrupted = await store.ClaimRowsAsync(job.Id, RowState.Applying, _owner, LeaseEnd(), 200, ct);
            if (interrupted.Count == 0) return;
            Telemetry.LeaseTakeovers.Add(interrupted.Count, new KeyValuePair<string, object?>("kind", "row"));
            foreach (var row in interrupted)
            {
                var result = await applier.ResolveAsync(row, job.Labels, ct);
                if (result is null)
                {
                    await store.ResetToPendingAsync(job.Id, row.Seq, _owner, ct);
                    logger.LogInformation("Row {Row} of job {JobId} was not applied before the interruption; it goes again", row.SourceRow, job.Id);
                }
                else if (await store.CompleteRowAsync(job.Id, row.Seq, _owner, result, Outcome(row, result).ToString(), CancellationToken.None))
                {
                    CountRow(result.State);
                    await AuditAsync(job, row, result, CancellationToken.None);
                    logger.LogInformation("Row {Row} of job {JobId} resolved after the interruption: {State}", row.SourceRow, job.Id, result.State);
                }
            }
        }
    }

    /// <returns>Whether the job was cancelled.</returns>
    private async Task<bool> ApplyPendingAsync(BulkJob job, IJobProgress progress, CancellationToken ct)
    {
        var cancel = new CancelWatch(store, signal, job.Id, time);
        var live = new LiveCounts(await store.CountAsync(job.Id, ct));
        var sends = new RowSends(options.Value.MaxConcurrency);
        ClaimedBatch? next = null;
        var size = options.Value.RecheckBatchSize;
        var claimedTo = 0;
        double? rowsPerSecond = null; // rows sent a second, once measured
        try
        {
            while (true)
            {
                if (await cancel.IsRequestedAsync(ct))
                {
                    await sends.DrainAsync();
                    return await SkipRestAsync(job, ct);
                }
                var current = next ?? await ClaimAsync(job, 0, size, ct);
                next = null;
                if (current.Rows.Count == 0)
                {
                    await sends.DrainAsync();
                    return await cancel.IsRequestedAsync(ct);
                }
                claimedTo = Math.Max(claimedTo, current.Rows[^1].Seq);

                // While a long re-check runs (a holder list is read page after page), the rows after it go in small
                // batches, each re-checked user by user right before it is sent, so the budget is not left idle.
                var (filled, filling) = (0, time.GetTimestamp());
                while (!current.Check.IsCompleted)
                {
                    if (await cancel.IsRequestedAsync(ct)) break;
                    var fillRate = rowsPerSecond ?? (filled > 0 ? 2 * filled / Math.Max(0.001, time.GetElapsedTime(filling).TotalSeconds) : null);
                    var filler = await store.ClaimRowsAsync(job.Id, RowState.Pending, _owner, LeaseEnd(), FillerRows(fillRate), ct, claimedTo);
                    if (filler.Count == 0) break;
                    claimedTo = filler[^1].Seq;
                    await StartBatchAsync(sends, job, filler, await checker.ReadEachAsync(filler, ct), cancel, live, progress, ct);
                    filled += filler.Count;
                }
                var (holdings, checkTook) = await current.Check;
                var rows = current.Rows;

                // Until a batch has been sent, the filler rows tell the pace: a read and a change each, so twice their
                // rate in changes alone. A batch checked against holder lists is made large enough to be sent while the
                // next one is re-checked, the rows added checked against the lists just read.
                if (rowsPerSecond is null && filled > 0) rowsPerSecond = 2 * filled / Math.Max(0.001, time.GetElapsedTime(filling).TotalSeconds);
                if (rowsPerSecond is { } pace) size = BatchFor(checkTook, pace);
                if (rows.Count < size && AssignmentChecker.FromHolderLists(holdings)
                    && await store.ClaimRowsAsync(job.Id, RowState.Pending, _owner, LeaseEnd(), size - rows.Count, ct, claimedTo) is { Count: > 0 } more)
                {
                    claimedTo = more[^1].Seq;
                    holdings = await checker.ExtendAsync(holdings, more, ct);
                    rows = [.. rows, .. more];
                }

                // The next batch — rows after those claimed so far, as this instance's own claims are its to take again —
                // is claimed and re-checked while this one is sent, so its reads do not hold the sends up (a job names
                // each user once, so no row of the next batch waits on one of this batch). Rows skipped meanwhile are
                // claimed next round.
                next = await ClaimAsync(job, claimedTo, size, ct);
                if (next.Rows.Count > 0) claimedTo = next.Rows[^1].Seq;
                var sending = time.GetTimestamp();
                await StartBatchAsync(sends, job, rows, holdings, cancel, live, progress, ct);
                rowsPerSecond = rows.Count / Math.Max(0.001, time.GetElapsedTime(sending).TotalSeconds);
                size = BatchFor(checkTook, rowsPerSecond.Value);
            }
        }
        finally
        {
            // Rows on their way finish (and are journaled) before the job stops, whatever stopped it.
            await sends.DrainQuietlyAsync();
            // Left over when the job stops: its rows stay claimed Pending until the lease runs out, then run again.
            if (next is not null) await next.Check.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Rows in one small batch sent while a re-check is read: a tenth of a second's worth at the pace measured (8 before
    /// it is), at least 4, at most <see cref="JobsOptions.MaxConcurrency"/> — each costs a read of its own, so no more
    /// than keeps the budget busy until the re-check is in (at 20 a second, 32 rows would go on for 3 s after it).
    /// </summary>
    private int FillerRows(double? rowsPerSecond) =>
        Math.Max(1, Math.Min(options.Value.MaxConcurrency, rowsPerSecond is { } pace ? Math.Max(4, (int)Math.Ceiling(pace / 10)) : 8));

    /// <summary>The most rows one re-check batch grows to.</summary>
    private const int MaxBatch = 5_000;

    /// <summary>
    /// Rows enough that sending them takes longer than re-checking the next batch (a long holder list is read page after
    /// page), so the re-check never holds the sends up; no more, so the check stays as close to the send as that allows.
    /// </summary>
    private int BatchFor(TimeSpan checkTook, double rowsPerSecond) =>
        (int)Math.Clamp(checkTook.TotalSeconds * rowsPerSecond * 1.5, options.Value.RecheckBatchSize, Math.Max(options.Value.RecheckBatchSize, MaxBatch));

    /// <summary>Rows claimed, and their re-check under way.</summary>
    private sealed record ClaimedBatch(IReadOnlyList<JobRow> Rows, Task<(ICurrentHoldings Holdings, TimeSpan Took)> Check);

    private async Task<ClaimedBatch> ClaimAsync(BulkJob job, int afterSeq, int size, CancellationToken ct)
    {
        var batch = await store.ClaimRowsAsync(job.Id, RowState.Pending, _owner, LeaseEnd(), size, ct, afterSeq);
        return new ClaimedBatch(batch, CheckAsync(batch, ct));
    }

    private async Task<(ICurrentHoldings, TimeSpan)> CheckAsync(IReadOnlyList<JobRow> batch, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        return (await checker.ReadAsync(batch, ct), time.GetElapsedTime(started));
    }

    /// <summary>
    /// Starts sending a batch's rows, at most <see cref="JobsOptions.MaxConcurrency"/> rows of the job at a time; returns
    /// once the last has started, so the next batch's rows take the places of this one's last as they finish.
    /// </summary>
    private Task StartBatchAsync(RowSends sends, BulkJob job, IReadOnlyList<JobRow> batch, ICurrentHoldings holdings, CancelWatch cancel, LiveCounts live, IJobProgress progress, CancellationToken ct) =>
        sends.StartAsync(batch, async (row, rowCt) =>
        {
            if (await cancel.IsRequestedAsync(rowCt)) return;
            var changed = AssignmentChecker.WhatChanged(row, holdings, job.Labels);
            RowResult result;
            try
            {
                result = changed is not null
                    ? new RowResult(RowState.Skipped, changed, null, null)
                    : await applier.ApplyAsync(row, job.Labels, c => JournalApplyingAsync(job.Id, row, c), rowCt);
            }
            catch (RowNotHeldException)
            {
                return;
            }
            // What Webex did is known now: journal and audit it even when this instance is stopping, so no change goes unrecorded.
            if (!await store.CompleteRowAsync(job.Id, row.Seq, _owner, result, changed is null ? Outcome(row, result).ToString() : null, CancellationToken.None))
            {
                logger.LogWarning("Row {Row} of job {JobId} was taken over by another instance before its outcome ({State}) was journaled here", row.SourceRow, job.Id, result.State);
                return;
            }
            CountRow(result.State);
            if (changed is null) await AuditAsync(job, row, result, CancellationToken.None);
            await progress.ReportAsync(live.Finish(result.State), rowCt);
        }, ct);

    /// <summary>
    /// The rows of a job on their way, across batches, at most a number at a time. A row that fails stops further
    /// starts and its exception is thrown at the next start or drain, after the rows already started have finished.
    /// </summary>
    private sealed class RowSends(int most)
    {
        private readonly SemaphoreSlim _places = new(most, most);
        private readonly List<Task> _running = [];

        public async Task StartAsync(IReadOnlyList<JobRow> rows, Func<JobRow, CancellationToken, Task> send, CancellationToken ct)
        {
            _running.RemoveAll(static t => t.IsCompletedSuccessfully);
            foreach (var row in rows)
            {
                await _places.WaitAsync(ct);
                if (_running.Exists(static t => t.IsFaulted || t.IsCanceled))
                {
                    _places.Release();
                    await DrainAsync();
                }
                _running.Add(SendAsync(row, send, ct));
            }
        }

        private async Task SendAsync(JobRow row, Func<JobRow, CancellationToken, Task> send, CancellationToken ct)
        {
            try
            {
                await send(row, ct);
            }
            finally
            {
                _places.Release();
            }
        }

        /// <summary>Waits for every row started; throws what a row threw.</summary>
        public async Task DrainAsync()
        {
            var running = _running.ToArray();
            _running.Clear();
            await Task.WhenAll(running);
        }

        /// <summary>Waits for every row started, when the job is already stopping for another reason.</summary>
        public async Task DrainQuietlyAsync()
        {
            try
            {
                await DrainAsync();
            }
            catch (Exception)
            {
                // Already stopping: the rows' journal says what each did; the reason the job stops is thrown by the caller.
            }
        }
    }

    /// <summary>Journals <see cref="RowState.Applying"/> before a send; a row this instance no longer holds is never sent.</summary>
    private async Task JournalApplyingAsync(string jobId, JobRow row, CancellationToken ct)
    {
        if (await store.MarkApplyingAsync(jobId, row.Seq, _owner, ct)) return;
        logger.LogWarning("Row {Row} of job {JobId} is no longer held by this instance (cancelled, or its lease ran out); not sending it", row.SourceRow, jobId);
        throw new RowNotHeldException();
    }

    private DateTimeOffset LeaseEnd() => time.GetUtcNow() + options.Value.LeaseDuration;

    /// <summary>A finished row into <see cref="Telemetry.JobRows"/> (done, failed, skipped): its rate is the rows per second.</summary>
    private static void CountRow(RowState state) =>
        Telemetry.JobRows.Add(1, new KeyValuePair<string, object?>(Telemetry.Tags.Outcome, state.ToString().ToLowerInvariant()));

    /// <summary>
    /// Every change sent to Webex is recorded (safety principle 5). The entry's id is the row's, so writing it again
    /// (after a crash between the journal and the audit log) records nothing twice; a lost write is logged and stays owed.
    /// </summary>
    private async Task AuditAsync(BulkJob job, JobRow row, RowResult result, CancellationToken ct) =>
        await AuditAsync(job, row, Outcome(row, result).ToString(), result.Error, result.TrackingId, result.AfterIds, time.GetUtcNow(), ct);

    private async Task AuditAsync(BulkJob job, JobRow row, string outcome, LocalText? error, string? trackingId, IReadOnlyList<string>? after, DateTimeOffset at, CancellationToken ct)
    {
        // Stored unwritten: the audit card says it in the language of whoever reads it.
        var where = LocalText.Of("jobs.audit.detail", job.Id, row.SourceRow);
        var detail = error is null ? where : LocalText.Join(" ", [where, error]);
        var before = outcome == nameof(ApplyOutcome.Applied) && after is not null ? row.BeforeIdsGiven(after) : row.BeforeIds;
        var entry = new AuditEntry($"{job.Id}-{row.Seq}", at, row.PersonId, row.Email, job.RequestedBy, job.ConfirmedBy ?? job.RequestedBy,
            before, after ?? [], outcome, trackingId, detail);
        try
        {
            await audit.AppendAsync(entry, ct);
            await store.MarkAuditedAsync(job.Id, row.Seq, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Audit entry for job {JobId} row {Row} could not be written; it is written when the job runs again", job.Id, row.SourceRow);
        }
    }

    /// <summary>Writes the audit entries a stopped instance owed: rows whose outcome was journaled but whose entry may not be written.</summary>
    private async Task AuditOwedAsync(BulkJob job, CancellationToken ct)
    {
        var after = 0;
        while (true)
        {
            var owed = await store.GetAuditOwedAsync(job.Id, after, 200, ct);
            if (owed.Count == 0) return;
            foreach (var row in owed)
            {
                await AuditAsync(job, row, row.AuditOutcome ?? nameof(ApplyOutcome.Failed), row.Error, row.TrackingId, row.AfterIds, row.UpdatedAt ?? time.GetUtcNow(), ct);
                logger.LogInformation("Audit entry of row {Row} of job {JobId} written after an interruption", row.SourceRow, job.Id);
            }
            after = owed[^1].Seq;
        }
    }

    /// <summary>The row's outcome in the audit log's terms, the same as a single edit's: applied, partly, not at all, refused, or unknown.</summary>
    internal static ApplyOutcome Outcome(JobRow row, RowResult result) => result switch
    {
        { State: RowState.Done } => ApplyOutcome.Applied,
        { Refused: true } => ApplyOutcome.Refused,
        { AfterIds: { } after } when after.ToHashSet(StringComparer.Ordinal).SetEquals(row.BeforeIds) => ApplyOutcome.NotApplied,
        { AfterIds: not null } => ApplyOutcome.Partial,
        _ => ApplyOutcome.Failed,
    };

    private async Task<bool> SkipRestAsync(BulkJob job, CancellationToken ct)
    {
        var skipped = await store.SkipPendingAsync(job.Id, LocalText.Of("jobs.row.cancelled"), ct);
        if (skipped > 0) Telemetry.JobRows.Add(skipped, new KeyValuePair<string, object?>(Telemetry.Tags.Outcome, "skipped"));
        logger.LogInformation("Bulk job {JobId} cancelled; {Skipped} rows not started", job.Id, skipped);
        return true;
    }

    /// <summary>Renews the job's lease and its rows' every third of the lease; when the job's lease was lost, cancels <paramref name="held"/>.</summary>
    private async Task RenewLeaseAsync(string jobId, CancellationTokenSource held, CancellationToken ct)
    {
        var every = options.Value.LeaseDuration / 3;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(every, time, ct);
            SignOfLife();
            if (!await store.TryClaimAsync(jobId, _owner, LeaseEnd(), ct))
            {
                logger.LogWarning("Lost the lease on job {JobId}", jobId);
                await held.CancelAsync();
                return;
            }
            await store.RenewRowsAsync(jobId, _owner, LeaseEnd(), ct);
        }
    }

    /// <summary>A row's lease was lost between its claim and its send: another instance (or a cancel) has it now.</summary>
    private sealed class RowNotHeldException : Exception;

    /// <summary>Row counts kept in memory while a job runs, so reporting progress costs no query per row.</summary>
    private sealed class LiveCounts(JobCounts start)
    {
        private int _pending = start.Pending, _done = start.Done, _failed = start.Failed, _skipped = start.Skipped;

        public JobCounts Finish(RowState state)
        {
            Interlocked.Decrement(ref _pending);
            _ = state switch
            {
                RowState.Done => Interlocked.Increment(ref _done),
                RowState.Failed => Interlocked.Increment(ref _failed),
                _ => Interlocked.Increment(ref _skipped),
            };
            return new JobCounts(Volatile.Read(ref _pending), 0, Volatile.Read(ref _done), Volatile.Read(ref _failed), Volatile.Read(ref _skipped));
        }
    }

    /// <summary>Whether a cancel was asked: at once when asked in this process, within a second through the database otherwise.</summary>
    private sealed class CancelWatch(JobStore store, JobSignal signal, string jobId, TimeProvider time)
    {
        private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;
        private volatile bool _requested;

        public async ValueTask<bool> IsRequestedAsync(CancellationToken ct)
        {
            if (_requested || signal.IsCancelled(jobId)) return _requested = true;
            var now = time.GetUtcNow();
            if (now - _checkedAt < TimeSpan.FromSeconds(1)) return false;
            _checkedAt = now;
            return _requested = await store.IsCancelRequestedAsync(jobId, ct);
        }
    }
}
