using System.Runtime.ExceptionServices;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Journal;

/// <summary>
/// Carries a journaled two-step operation ("step 1 removes, step 2 adds, never forget step 2") to its end under this
/// runner's lease; a feature's runner says only what its steps do (<see cref="StartAsync"/>, <see cref="ResolveRemovalAsync"/>,
/// <see cref="AddAsync"/>, <see cref="ResolveAdditionAsync"/>) and how the admin hears about a retry or giving up.
/// <para>
/// Here, once for every kind: the claim (<see cref="ResetJournal.TryClaimAsync"/>), the loop over the journaled states,
/// the stop when another runner took the lease over (<see cref="ResetLeaseLostException"/>: nothing more is written),
/// the release after a run that ended normally (a host that dies keeps the lease until it runs out), retries
/// (<see cref="JournalOptions.RetryDelay"/>) until <see cref="JournalOptions.MaxAttempts"/>, the step observer between
/// the two steps, and a step's change sent once and read back, with its audit line. Each step is journaled before its
/// PATCH and after the read-back; a run that finds a step journaled as started reads the user first and only re-sends
/// what did not take effect.
/// </para>
/// </summary>
public abstract class JournalRunner(
    ResetJournal journal,
    IWebexAdmin admin,
    IAuditLog audit,
    IEnumerable<IResetStepObserver> observers,
    IOptions<JournalOptions> options,
    TimeProvider time,
    ILogger logger,
    IPersonLanguage? languages)
{
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>How logs and errors name one operation of this runner: <c>Reset</c>, <c>Repair</c>.</summary>
    protected abstract string Noun { get; }

    protected IWebexAdmin Admin => admin;

    protected JournalOptions Options => options.Value;

    protected TimeProvider Time => time;

    protected ILogger Logger => logger;

    private ResetLease Lease => new(_owner, options.Value.LeaseDuration);

    /// <summary>Journals a just-confirmed operation, held by this runner so that <see cref="RunAsync"/> here runs it first.</summary>
    protected Task CreateAsync(ResetOperation op, CancellationToken ct) => journal.CreateAsync(op, Lease, ct);

    /// <summary>
    /// Runs (or resumes) operation <paramref name="id"/> as far as it goes now. Null when it is finished or another
    /// runner holds it; otherwise the operation as journaled after this run.
    /// </summary>
    public async Task<ResetOperation?> RunAsync(string id, CancellationToken ct)
    {
        if (!await journal.TryClaimAsync(id, Lease, ct)) return null;
        var op = await journal.GetAsync(id, ct) ?? throw new InvalidOperationException($"{Noun} {id} vanished from the journal.");
        var resumed = op.State != ResetState.Confirmed || op.Attempts > 0;
        // What the admin reads about this operation is in the language of the admin who confirmed it.
        using var speaking = BotLanguage.Use(await languages.LanguageOrEnglishAsync(op.ConfirmedBy, logger, ct));
        try
        {
            await AdvanceAsync(op, resumed, ct);
        }
        catch (ResetLeaseLostException ex)
        {
            // A run that outlived its lease must not touch the journal again: the runner that took over carries on.
            logger.LogWarning("{Message}", ex.Message);
            return await journal.GetAsync(id, ct);
        }
        // Released only after a run that ended normally: a host that dies keeps the lease until it runs out.
        await journal.ReleaseAsync(id, Lease, ct);
        return await journal.GetAsync(id, ct);
    }

    private async Task AdvanceAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        try
        {
            while (!op.State.IsFinished())
            {
                var next = op.State switch
                {
                    ResetState.Confirmed => await StartAsync(op, resumed, ct),
                    ResetState.Removing => await ResolveRemovalAsync(op, resumed, ct),
                    ResetState.Removed => await AddAsync(op, resumed, ct),
                    ResetState.Adding => await ResolveAdditionAsync(op, resumed, ct),
                    _ => throw new InvalidOperationException($"{Noun} {op.Id} is {op.State}."),
                };
                if (next is null) return;
                op = next;
            }
        }
        catch (Exception ex) when (ex is WebexApiException or LicensingException or HttpRequestException)
        {
            // A read failed, so the step's effect is unknown: the journal keeps its state and the next run reads first.
            await RetryLaterAsync(op, resumed, ex is WebexApiException w ? DescribeText(w) : LocalText.Verbatim(ex.Message), ct);
        }
    }

    /// <summary>First run: the user must still be as confirmed (optimistic check), else nothing is sent (<see cref="StaleAsync"/>).</summary>
    protected abstract Task<ResetOperation?> StartAsync(ResetOperation op, bool resumed, CancellationToken ct);

    /// <summary>Step 1 was journaled as started: read the user to learn whether it took effect.</summary>
    protected abstract Task<ResetOperation?> ResolveRemovalAsync(ResetOperation op, bool resumed, CancellationToken ct);

    /// <summary>Step 2 (step 1 is done): add again; start with <see cref="BetweenSteps"/>.</summary>
    protected abstract Task<ResetOperation?> AddAsync(ResetOperation op, bool resumed, CancellationToken ct);

    /// <summary>Step 2 was journaled as started: read the user; add only what is still missing.</summary>
    protected abstract Task<ResetOperation?> ResolveAdditionAsync(ResetOperation op, bool resumed, CancellationToken ct);

    /// <summary>Tells the admin that a step failed and is tried again (once per operation).</summary>
    protected abstract Task ReportRetryingAsync(ResetOperation current, bool resumed, LocalText reason, CancellationToken ct);

    /// <summary>Tells the admin that the runner stopped trying (<paramref name="failed"/> is journaled as <see cref="ResetState.Failed"/>).</summary>
    protected abstract Task ReportGaveUpAsync(ResetOperation failed, bool resumed, LocalText reason, CancellationToken ct);

    /// <summary>Step 1 is done: the observers hear that step 2 is about to start (a host registers none).</summary>
    protected void BetweenSteps(ResetOperation op)
    {
        foreach (var observer in observers) observer.BetweenSteps(op);
    }

    /// <summary>Journals <paramref name="step"/> as about to be sent, with the licence ids it sends.</summary>
    protected Task BeginStepAsync(ResetOperation op, ResetStep step, IEnumerable<string> licenceIds, CancellationToken ct) =>
        journal.BeginStepAsync(op.Id, Lease, step, LocalText.Verbatim(string.Join(",", licenceIds)), ct);

    /// <summary>The user changed between the confirmation and step 1: journaled as stale, nothing sent.</summary>
    protected async Task<ResetOperation> StaleAsync(ResetOperation op, CancellationToken ct)
    {
        await journal.EndStepAsync(op.Id, Lease, ResetStep.Remove, ResetState.Stale, "stale", null, LocalText.Of("reset.journal.stale"), null, ct);
        return op with { State = ResetState.Stale };
    }

    /// <summary>Step 1 took effect (read back, or found done on resuming).</summary>
    protected async Task<ResetOperation> RemovedAsync(ResetOperation op, string? tracking, LocalText? detail, CancellationToken ct)
    {
        await journal.EndStepAsync(op.Id, Lease, ResetStep.Remove, ResetState.Removed, "removed", tracking, detail, null, ct);
        return op with { State = ResetState.Removed };
    }

    /// <summary>Step 2 took effect: the operation is done.</summary>
    protected async Task<ResetOperation> AddedAsync(ResetOperation op, string? tracking, LocalText? detail, string? newPersonId, CancellationToken ct)
    {
        await journal.EndStepAsync(op.Id, Lease, ResetStep.Add, ResetState.Done, "added", tracking, detail, newPersonId, ct);
        return op with { State = ResetState.Done };
    }

    /// <summary>A step did not reach its aim: journaled as still in progress, and retried later. Null: this run stops here.</summary>
    protected async Task<ResetOperation?> StepFailedAsync(ResetOperation op, ResetStep step, string? tracking, LocalText reason, string? newPersonId, bool resumed, CancellationToken ct)
    {
        var state = step == ResetStep.Remove ? ResetState.Removing : ResetState.Adding;
        await journal.EndStepAsync(op.Id, Lease, step, state, "failed", tracking, reason, newPersonId, ct);
        await RetryLaterAsync(op, resumed, reason, ct);
        return null;
    }

    private async Task RetryLaterAsync(ResetOperation op, bool resumed, LocalText reason, CancellationToken ct)
    {
        var current = await journal.GetAsync(op.Id, ct) ?? op;
        var attempts = current.Attempts + 1;
        logger.LogWarning("{Operation} {OperationId} ({State}) failed attempt {Attempt}: {Reason}", Noun, op.Id, current.State, attempts, BotText.Render(reason));
        if (attempts >= options.Value.MaxAttempts)
        {
            await journal.ScheduleRetryAsync(op.Id, Lease, reason, time.GetUtcNow(), ct);
            var step = current.State is ResetState.Confirmed or ResetState.Removing ? ResetStep.Remove : ResetStep.Add;
            await journal.EndStepAsync(op.Id, Lease, step, ResetState.Failed, "gave up", null, reason, null, ct);
            await ReportGaveUpAsync(current with { State = ResetState.Failed, Attempts = attempts }, resumed, reason, ct);
            return;
        }
        await journal.ScheduleRetryAsync(op.Id, Lease, reason, time.GetUtcNow() + options.Value.RetryDelay, ct);
        if (!current.FailureReported)
        {
            await ReportRetryingAsync(current with { Attempts = attempts }, resumed, reason, ct);
            await journal.MarkFailureReportedAsync(op.Id, ct);
        }
    }

    /// <summary>
    /// One step's change through the licence-change core: sent once (never retried here: a failed write may still have
    /// applied part of itself), then read back. A read-back that fails leaves the step journaled as started, so the
    /// next run reads first.
    /// </summary>
    protected async Task<ChangeOutcome> ApplyAsync(ResetOperation op, LicenceChange change, Func<CancellationToken, Task<IReadOnlyList<string>?>> readBack, CancellationToken ct)
    {
        var outcome = await admin.ApplyAsync(change, readBack, ct);
        if (outcome.Refusal is { } ex)
            logger.LogWarning("{Operation} {OperationId}: licence change refused: {Status} {Codes} (tracking id {TrackingId})",
                Noun, op.Id, (int)ex.Status, string.Join(",", ex.ErrorCodes), ex.TrackingId);
        if (outcome.ReadBackFailure is { } failure) ExceptionDispatchInfo.Throw(failure);
        return outcome;
    }

    /// <summary>The audit line of one step, about the user as they are now (<see cref="ResetOperation.NewPersonId"/> once a reset recreated them).</summary>
    protected async Task AuditAsync(ResetOperation op, IReadOnlyList<string> before, IReadOnlyList<string> after, string outcome, string? tracking, LocalText detail, CancellationToken ct)
    {
        var entry = new AuditEntry(Guid.NewGuid().ToString("N"), time.GetUtcNow(), op.NewPersonId ?? op.PersonId, op.Email,
            op.Plan.RequestedBy, op.ConfirmedBy, before, after, outcome, tracking, detail);
        try
        {
            await audit.AppendAsync(entry, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The step is done and journaled; losing its audit line is serious but must not stop the operation.
            logger.LogError(ex, "Audit entry {AuditId} for {Operation} {OperationId} could not be written", entry.Id, Noun.ToLowerInvariant(), op.Id);
        }
    }

    /// <summary>The audit outcome of a step that did not reach its aim, as the licence-change core classified it.</summary>
    protected static string Outcome(ChangeOutcome outcome) => outcome.Kind switch
    {
        ChangeOutcomeKind.Partial => "Partial",
        ChangeOutcomeKind.Refused => "Refused",
        _ when outcome.Sent.IsPartial => "Partial",
        _ => "Failed",
    };

    /// <summary>What an admin reads about a failed Webex call (status, Webex's message, tracking id), unwritten: stored, and put into words in the reader's language.</summary>
    protected static LocalText DescribeText(WebexApiException ex) =>
        LocalText.Of("reset.error.webex", (int)ex.Status, ex.WebexMessage ?? ex.Status.ToString(), ex.TrackingId ?? "-");
}
