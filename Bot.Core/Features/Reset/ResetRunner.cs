using System.Runtime.ExceptionServices;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Reset;

/// <summary>
/// Carries a journaled reset (R8) to its end: step 1 removes every licence by person id, step 2 adds the chosen
/// licences by e-mail (which creates the pending external user again). Each step is journaled before its PATCH and
/// after the read-back; a run that finds a step journaled as started reads the user first and only re-sends what did
/// not take effect. A failed step is retried later (<see cref="ResetOptions.RetryDelay"/>) until the user has the
/// licences again, or <see cref="ResetOptions.MaxAttempts"/> is reached; the admin hears about both in the thread.
/// </summary>
public sealed class ResetRunner(
    ResetJournal journal,
    IWebexAdmin admin,
    IAuditLog audit,
    IResetReporter reporter,
    IEnumerable<IResetStepObserver> observers,
    IOptions<ResetOptions> options,
    TimeProvider time,
    ILogger<ResetRunner> logger,
    IPersonLanguage? languages = null)
{
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private ResetLease Lease => new(_owner, options.Value.LeaseDuration);

    /// <summary>Journals a just-confirmed reset, held by this runner so that <see cref="RunAsync"/> here runs it first.</summary>
    public Task JournalAsync(ResetOperation op, CancellationToken ct) => journal.CreateAsync(op, Lease, ct);

    /// <summary>
    /// Runs (or resumes) operation <paramref name="id"/> as far as it goes now. Null when it is finished or another
    /// runner holds it; otherwise the operation as journaled after this run.
    /// </summary>
    public async Task<ResetOperation?> RunAsync(string id, CancellationToken ct)
    {
        if (!await journal.TryClaimAsync(id, Lease, ct)) return null;
        var op = await journal.GetAsync(id, ct) ?? throw new InvalidOperationException($"Reset {id} vanished from the journal.");
        var resumed = op.State != ResetState.Confirmed || op.Attempts > 0;
        // What the admin reads about this reset is in the language of the admin who confirmed it.
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
                    ResetState.Removed => await AddAsync(op, op.Plan.After, resumed, ct),
                    ResetState.Adding => await ResolveAdditionAsync(op, resumed, ct),
                    _ => throw new InvalidOperationException($"Reset {op.Id} is {op.State}."),
                };
                if (next is null) return;
                op = next;
            }
        }
        catch (Exception ex) when (ex is WebexApiException or LicensingException or HttpRequestException)
        {
            // A read failed, so the step's effect is unknown: the journal keeps its state and the next run reads first.
            await RetryLaterAsync(op, resumed, ex is WebexApiException w ? WebexCalls.Describe(w) : ex.Message, ct);
        }
    }

    /// <summary>First run: the user must still be as confirmed (optimistic check), else nothing is sent.</summary>
    private async Task<ResetOperation?> StartAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        var person = await admin.GetPersonAsync(op.PersonId, callingData: false, ct);
        var held = person?.Licenses ?? [];
        var pending = person is not null && (person.InvitePending == true || string.Equals(person.Status, "pending", StringComparison.OrdinalIgnoreCase));
        if (!pending || !held.ToHashSet(StringComparer.Ordinal).SetEquals(op.Plan.Before.Select(l => l.Id)))
        {
            await journal.EndStepAsync(op.Id, Lease, ResetStep.Remove, ResetState.Stale, "stale", null, BotText.Get("reset.journal.stale"), null, ct);
            var stale = op with { State = ResetState.Stale };
            await reporter.ReportAsync(new ResetReport(ResetReportKind.Stale, stale, resumed), ct);
            return stale;
        }
        return await RemoveAsync(op, held, resumed, ct);
    }

    /// <summary>Step 1: remove every licence the user holds, by person id; then read back.</summary>
    private async Task<ResetOperation?> RemoveAsync(ResetOperation op, IReadOnlyList<string> held, bool resumed, CancellationToken ct)
    {
        await journal.BeginStepAsync(op.Id, Lease, ResetStep.Remove, string.Join(",", held), ct);
        var outcome = await ApplyAsync(op, LicenceChange.OfPerson(op.PersonId, [], held),
            async token => (await admin.GetPersonAsync(op.PersonId, callingData: false, token))?.Licenses ?? [], ct);
        var (answer, refusal) = (outcome.Sent.Answer, outcome.Refusal);
        var left = outcome.HeldAfter!;
        var removed = left.Count == 0;
        var tracking = answer?.TrackingId ?? refusal?.TrackingId;
        await AuditAsync(op, held, left, removed ? "Applied" : Outcome(outcome), tracking,
            LocalText.Of(removed ? "reset.audit.removed" : "reset.audit.remove_failed", refusal is null ? "-" : WebexCalls.DescribeText(refusal)), ct);
        if (!removed)
        {
            await journal.EndStepAsync(op.Id, Lease, ResetStep.Remove, ResetState.Removing, "failed", tracking, Reason(refusal, left), null, ct);
            await RetryLaterAsync(op, resumed, Reason(refusal, left), ct);
            return null;
        }
        await journal.EndStepAsync(op.Id, Lease, ResetStep.Remove, ResetState.Removed, "removed", tracking, null, null, ct);
        return op with { State = ResetState.Removed };
    }

    /// <summary>Step 1 was journaled as started: read the user to learn whether it took effect.</summary>
    private async Task<ResetOperation?> ResolveRemovalAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        var person = await admin.GetPersonAsync(op.PersonId, callingData: false, ct);
        var held = person?.Licenses ?? [];
        if (held.Count > 0) return await RemoveAsync(op, held, resumed, ct);
        await journal.EndStepAsync(op.Id, Lease, ResetStep.Remove, ResetState.Removed, "removed", null, BotText.Get("reset.journal.resolved_removed"), null, ct);
        return op with { State = ResetState.Removed };
    }

    /// <summary>Step 2: add <paramref name="licences"/> by e-mail (recreating the pending external user); then read back.</summary>
    private async Task<ResetOperation?> AddAsync(ResetOperation op, IReadOnlyList<Licence> licences, bool resumed, CancellationToken ct)
    {
        foreach (var observer in observers) observer.BetweenSteps(op);
        var plan = op.Plan;
        await journal.BeginStepAsync(op.Id, Lease, ResetStep.Add, string.Join(",", licences.Select(l => l.Id)), ct);
        var sites = plan.AttendeeSites.Select(site => new SiteAccountChange(site, Add: true)).ToList();
        WebexPerson? person = null;
        var outcome = await ApplyAsync(op, LicenceChange.OfEmail(op.Email, licences.Select(l => LicenceAdd.For(l, plan.User.Calling)).ToList(), [], sites),
            async token => (person = await admin.FindPersonByEmailAsync(op.Email, callingData: false, token))?.Licenses ?? [], ct);
        var (answer, refusal) = (outcome.Sent.Answer, outcome.Refusal);
        var held = person?.Licenses ?? [];
        var missing = Missing(plan, held);
        var tracking = answer?.TrackingId ?? refusal?.TrackingId;
        await AuditAsync(op with { NewPersonId = person?.Id }, [], held, missing.Count == 0 ? "Applied" : Outcome(outcome), tracking,
            LocalText.Of(missing.Count == 0 ? "reset.audit.added" : "reset.audit.add_failed", refusal is null ? "-" : WebexCalls.DescribeText(refusal)), ct);
        if (missing.Count > 0)
        {
            var reason = refusal is not null ? WebexCalls.Describe(refusal) : BotText.Format("reset.error.missing", string.Join(", ", missing.Select(l => l.Label)));
            await journal.EndStepAsync(op.Id, Lease, ResetStep.Add, ResetState.Adding, "failed", tracking, reason, person?.Id, ct);
            await RetryLaterAsync(op, resumed, reason, ct);
            return null;
        }
        return await FinishAsync(op with { NewPersonId = person!.Id }, tracking, null, resumed, ct);
    }

    /// <summary>Step 2 was journaled as started: read the user by e-mail; add only what is still missing.</summary>
    private async Task<ResetOperation?> ResolveAdditionAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        var person = await admin.FindPersonByEmailAsync(op.Email, callingData: false, ct);
        var missing = Missing(op.Plan, person?.Licenses ?? []);
        if (person is not null && missing.Count == 0)
            return await FinishAsync(op with { NewPersonId = person.Id }, null, BotText.Get("reset.journal.resolved_added"), resumed, ct);
        return await AddAsync(op, missing, resumed, ct);
    }

    private async Task<ResetOperation> FinishAsync(ResetOperation op, string? tracking, string? detail, bool resumed, CancellationToken ct)
    {
        await journal.EndStepAsync(op.Id, Lease, ResetStep.Add, ResetState.Done, "added", tracking, detail, op.NewPersonId, ct);
        var done = op with { State = ResetState.Done };
        logger.LogInformation("Reset {ResetId} of {PersonId} done; the user is pending again as {NewPersonId}", op.Id, op.PersonId, op.NewPersonId);
        await reporter.ReportAsync(new ResetReport(ResetReportKind.Done, done, resumed), ct);
        return done;
    }

    private async Task RetryLaterAsync(ResetOperation op, bool resumed, string reason, CancellationToken ct)
    {
        var current = await journal.GetAsync(op.Id, ct) ?? op;
        var attempts = current.Attempts + 1;
        logger.LogWarning("Reset {ResetId} ({State}) failed attempt {Attempt}: {Reason}", op.Id, current.State, attempts, reason);
        if (attempts >= options.Value.MaxAttempts)
        {
            await journal.ScheduleRetryAsync(op.Id, Lease, reason, time.GetUtcNow(), ct);
            var step = current.State is ResetState.Confirmed or ResetState.Removing ? ResetStep.Remove : ResetStep.Add;
            await journal.EndStepAsync(op.Id, Lease, step, ResetState.Failed, "gave up", null, reason, null, ct);
            await reporter.ReportAsync(new ResetReport(ResetReportKind.GaveUp, current with { State = ResetState.Failed, Attempts = attempts }, resumed, reason), ct);
            return;
        }
        await journal.ScheduleRetryAsync(op.Id, Lease, reason, time.GetUtcNow() + options.Value.RetryDelay, ct);
        if (!current.FailureReported)
        {
            await reporter.ReportAsync(new ResetReport(ResetReportKind.Retrying, current with { Attempts = attempts }, resumed, reason), ct);
            await journal.MarkFailureReportedAsync(op.Id, ct);
        }
    }

    /// <summary>
    /// One step's change through the licence-change core: sent once (never retried here: a failed write may still have
    /// applied part of itself), then read back. A read-back that fails leaves the step journaled as started, so the
    /// next run reads first.
    /// </summary>
    private async Task<ChangeOutcome> ApplyAsync(ResetOperation op, LicenceChange change, Func<CancellationToken, Task<IReadOnlyList<string>?>> readBack, CancellationToken ct)
    {
        var outcome = await admin.ApplyAsync(change, readBack, ct);
        if (outcome.Refusal is { } ex)
            logger.LogWarning("Reset {ResetId}: licence change refused: {Status} {Codes} (tracking id {TrackingId})",
                op.Id, (int)ex.Status, string.Join(",", ex.ErrorCodes), ex.TrackingId);
        if (outcome.ReadBackFailure is { } failure) ExceptionDispatchInfo.Throw(failure);
        return outcome;
    }

    private async Task AuditAsync(ResetOperation op, IReadOnlyList<string> before, IReadOnlyList<string> after, string outcome, string? tracking, LocalText detail, CancellationToken ct)
    {
        var entry = new AuditEntry(Guid.NewGuid().ToString("N"), time.GetUtcNow(), op.NewPersonId ?? op.PersonId, op.Email,
            op.Plan.RequestedBy, op.ConfirmedBy, before, after, outcome, tracking, detail);
        try
        {
            await audit.AppendAsync(entry, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The step is done and journaled; losing its audit line is serious but must not stop the reset.
            logger.LogError(ex, "Audit entry {AuditId} for reset {ResetId} could not be written", entry.Id, op.Id);
        }
    }

    private static List<Licence> Missing(ResetPlan plan, IReadOnlyList<string> held) =>
        plan.After.Where(l => !held.Contains(l.Id, StringComparer.Ordinal)).ToList();

    /// <summary>The audit outcome of a step that did not reach its aim, as the licence-change core classified it.</summary>
    private static string Outcome(ChangeOutcome outcome) => outcome.Kind switch
    {
        ChangeOutcomeKind.Partial => "Partial",
        ChangeOutcomeKind.Refused => "Refused",
        _ when outcome.Sent.IsPartial => "Partial",
        _ => "Failed",
    };

    private static string Reason(WebexApiException? refusal, IReadOnlyList<string> left) =>
        refusal is not null ? WebexCalls.Describe(refusal) : BotText.Format("reset.error.still_held", string.Join(", ", left));
}
