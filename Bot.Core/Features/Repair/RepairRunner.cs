using System.Runtime.ExceptionServices;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Features.Reset;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Licensing.Facts;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Repair;

/// <summary>
/// Carries a confirmed calling repair (R9) to its end: step 1 removes the calling licence, step 2 assigns it again with
/// the same location, number and extension; both PATCHes are built by <see cref="LicenceChanges"/>.
/// <para>
/// Between the two steps the user has no calling licence, and their number, extension and location exist only in the
/// bot. So the repair uses the reset flow's journal (<see cref="ResetJournal"/>, kind <see cref="ResetJournal.RepairKind"/>)
/// rather than a journal of its own: it is the same shape — two steps, each journaled before its PATCH and after its
/// read-back, under a lease, "step 2 must follow step 1" — and its plan (<see cref="RepairPlan.ToJournal"/>) carries the
/// calling data, written before step 1 is sent. A run that finds a step journaled as started reads the user first and
/// sends only what did not take effect; a failed step is retried (<see cref="RepairOptions.RetryDelay"/>) by
/// <see cref="RepairWorker"/>, also after a restart, until the licence is back or <see cref="RepairOptions.MaxAttempts"/>.
/// The reset runner itself does not fit: its step 2 adds by e-mail to recreate a pending external user.
/// </para>
/// </summary>
public sealed class RepairRunner(
    [FromKeyedServices(ResetJournal.RepairKind)] ResetJournal journal,
    IWebexAdmin admin,
    IWebexMessaging messaging,
    ILicensingService licensing,
    ILocationNames locations,
    IAuditLog audit,
    RepairCards cards,
    IEnumerable<IResetStepObserver> observers,
    IOptions<RepairOptions> options,
    TimeProvider time,
    ILogger<RepairRunner> logger,
    IPersonLanguage? languages = null)
{
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private ResetLease Lease => new(_owner, options.Value.LeaseDuration);

    /// <summary>Journals a just-confirmed repair, held by this runner so that <see cref="RunAsync"/> here runs it first.</summary>
    public async Task<ResetOperation> JournalAsync(RepairPlan plan, string confirmedBy, string roomId, string? threadId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var op = new ResetOperation(Guid.NewGuid().ToString("N"), plan.ToJournal(), confirmedBy, roomId, threadId, ResetState.Confirmed, 0, now, now, now, null, null, false);
        await journal.CreateAsync(op, Lease, ct);
        return op;
    }

    /// <summary>Runs (or resumes) repair <paramref name="id"/> as far as it goes now; null when it is finished or another runner holds it.</summary>
    public async Task<ResetOperation?> RunAsync(string id, CancellationToken ct)
    {
        if (!await journal.TryClaimAsync(id, Lease, ct)) return null;
        var op = await journal.GetAsync(id, ct) ?? throw new InvalidOperationException($"Repair {id} vanished from the journal.");
        var resumed = op.State != ResetState.Confirmed || op.Attempts > 0;
        using var speaking = BotLanguage.Use(await languages.LanguageOrEnglishAsync(op.ConfirmedBy, logger, ct));
        try
        {
            await AdvanceAsync(op, resumed, ct);
        }
        catch (ResetLeaseLostException ex)
        {
            logger.LogWarning("{Message}", ex.Message);
            return await journal.GetAsync(id, ct);
        }
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
                    _ => throw new InvalidOperationException($"Repair {op.Id} is {op.State}."),
                };
                if (next is null) return;
                op = next;
            }
        }
        catch (Exception ex) when (ex is WebexApiException or LicensingException or HttpRequestException)
        {
            // A read failed, so the step's effect is unknown: the journal keeps its state and the next run reads first.
            await RetryLaterAsync(op, ex is WebexApiException w ? Describe(w) : ex.Message, ct);
        }
    }

    private static Licence Calling(ResetOperation op) => op.Plan.Before[0];

    private static CallingData Data(ResetOperation op) => op.Plan.User.Calling!;

    /// <summary>First run: the user must still be as confirmed (same licences, same calling data), else nothing is sent.</summary>
    private async Task<ResetOperation?> StartAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        var user = await ReadAsync(op, ct);
        if (user is null || !user.LicenceIds.ToHashSet(StringComparer.Ordinal).SetEquals(op.Plan.User.LicenceIds) || user.Calling != op.Plan.User.Calling)
        {
            await journal.EndStepAsync(op.Id, Lease, ResetStep.Remove, ResetState.Stale, "stale", null, BotText.Get("reset.journal.stale"), null, ct);
            await PostAsync(op, BotText.Format("repair.stale", op.Plan.User.DisplayName, op.Email), null, ct);
            return op with { State = ResetState.Stale };
        }
        return await RemoveAsync(op, user, ct);
    }

    /// <summary>Step 1: remove the calling licence (by person id); then read back.</summary>
    private async Task<ResetOperation?> RemoveAsync(ResetOperation op, LicensedUser before, CancellationToken ct)
    {
        var calling = Calling(op);
        await journal.BeginStepAsync(op.Id, Lease, ResetStep.Remove, calling.Id, ct);
        LicensedUser? after = null;
        var outcome = await ApplyAsync(op, LicenceChange.OfPerson(op.PersonId, [], [calling.Id]),
            async token => (after = await ReadAsync(op, token))?.LicenceIds, ct);
        var removed = !(after?.HasLicence(calling.Id) ?? true);
        await AuditAsync(op, before.LicenceIds, after?.LicenceIds ?? [], removed ? "Applied" : Outcome(outcome), outcome.TrackingId,
            LocalText.Of(removed ? "repair.audit.removed" : "repair.audit.remove_failed", calling.Label, ReasonText(outcome)), ct);
        if (!removed)
        {
            await journal.EndStepAsync(op.Id, Lease, ResetStep.Remove, ResetState.Removing, "failed", outcome.TrackingId, Reason(outcome), null, ct);
            await RetryLaterAsync(op, Reason(outcome), ct);
            return null;
        }
        await journal.EndStepAsync(op.Id, Lease, ResetStep.Remove, ResetState.Removed, "removed", outcome.TrackingId, null, null, ct);
        return op with { State = ResetState.Removed };
    }

    /// <summary>Step 1 was journaled as started: read the user to learn whether it took effect.</summary>
    private async Task<ResetOperation?> ResolveRemovalAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        var user = await ReadAsync(op, ct) ?? throw new LicensingException(LicensingProblem.UnknownUser, LocalText.Of("licensing.error.unknown_user", op.Email));
        if (user.HasLicence(Calling(op).Id)) return await RemoveAsync(op, user, ct);
        await journal.EndStepAsync(op.Id, Lease, ResetStep.Remove, ResetState.Removed, "removed", null, BotText.Get("reset.journal.resolved_removed"), null, ct);
        return op with { State = ResetState.Removed };
    }

    /// <summary>Step 2: assign the calling licence again with the journaled location, number and extension; then read back.</summary>
    private async Task<ResetOperation?> AddAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        foreach (var observer in observers) observer.BetweenSteps(op);
        var (calling, data) = (Calling(op), Data(op));
        var before = await ReadAsync(op, ct) ?? throw new LicensingException(LicensingProblem.UnknownUser, LocalText.Of("licensing.error.unknown_user", op.Email));
        await journal.BeginStepAsync(op.Id, Lease, ResetStep.Add, calling.Id, ct);
        LicensedUser? after = null;
        var outcome = await ApplyAsync(op, LicenceChange.OfPerson(op.PersonId, [new LicenceAdd(calling.Id, data.LocationId, data.PhoneNumber, data.Extension)], []),
            async token => (after = await ReadAsync(op, token))?.LicenceIds, ct);
        var added = after?.HasLicence(calling.Id) == true;
        await AuditAsync(op, before.LicenceIds, after?.LicenceIds ?? [], added ? "Applied" : Outcome(outcome), outcome.TrackingId,
            LocalText.Of(added ? "repair.audit.added" : "repair.audit.add_failed", calling.Label, ReasonText(outcome)), ct);
        if (!added)
        {
            await journal.EndStepAsync(op.Id, Lease, ResetStep.Add, ResetState.Adding, "failed", outcome.TrackingId, Reason(outcome), null, ct);
            await RetryLaterAsync(op, Reason(outcome), ct);
            return null;
        }
        return await FinishAsync(op, after!, outcome.TrackingId, null, resumed, ct);
    }

    /// <summary>Step 2 was journaled as started: read the user; assign the licence only if it is still missing.</summary>
    private async Task<ResetOperation?> ResolveAdditionAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        var user = await ReadAsync(op, ct);
        if (user is not null && user.HasLicence(Calling(op).Id))
            return await FinishAsync(op, user, null, BotText.Get("reset.journal.resolved_added"), resumed, ct);
        return await AddAsync(op, resumed, ct);
    }

    private async Task<ResetOperation> FinishAsync(ResetOperation op, LicensedUser after, string? tracking, string? detail, bool resumed, CancellationToken ct)
    {
        await journal.EndStepAsync(op.Id, Lease, ResetStep.Add, ResetState.Done, "added", tracking, detail, null, ct);
        logger.LogInformation("Repair {RepairId} of {PersonId} done", op.Id, op.PersonId);
        var result = await ResultAsync(op, after, resumed, ct);
        await PostAsync(op, null, cards.Result(result), ct);
        return op with { State = ResetState.Done };
    }

    /// <summary>What the user holds now, by name: the org's licences read once (a failed read shows the calling licence alone).</summary>
    private async Task<RepairResult> ResultAsync(ResetOperation op, LicensedUser after, bool resumed, CancellationToken ct)
    {
        var calling = Calling(op);
        IReadOnlyList<Licence> held;
        try
        {
            var org = await licensing.GetOrgAsync(ct);
            held = after.LicenceIds.Select(org.Find).OfType<Licence>().OrderBy(l => l.Family).ThenBy(l => l.Label, StringComparer.Ordinal).ToList();
        }
        catch (LicensingException ex)
        {
            logger.LogWarning("Repair {RepairId}: licences could not be read for the result: {Reason}", op.Id, ex.Message);
            held = after.HasLicence(calling.Id) ? [calling] : [];
        }
        var plan = new RepairPlan(op.Plan.PlanId, op.Plan.User, calling, await NameAsync(Data(op).LocationId, ct), op.CreatedAt, op.Plan.RequestedBy, op.Plan.CreatedAt);
        return new RepairResult(plan, held, after.Calling, await NameAsync(after.Calling?.LocationId, ct), resumed);
    }

    private async Task<string?> NameAsync(string? locationId, CancellationToken ct) =>
        locationId is null ? null : await locations.GetNameAsync(locationId, ct);

    private async Task RetryLaterAsync(ResetOperation op, string reason, CancellationToken ct)
    {
        var current = await journal.GetAsync(op.Id, ct) ?? op;
        var attempts = current.Attempts + 1;
        logger.LogWarning("Repair {RepairId} ({State}) failed attempt {Attempt}: {Reason}", op.Id, current.State, attempts, reason);
        var data = Data(op);
        if (attempts >= options.Value.MaxAttempts)
        {
            await journal.ScheduleRetryAsync(op.Id, Lease, reason, time.GetUtcNow(), ct);
            var step = current.State is ResetState.Confirmed or ResetState.Removing ? ResetStep.Remove : ResetStep.Add;
            await journal.EndStepAsync(op.Id, Lease, step, ResetState.Failed, "gave up", null, reason, null, ct);
            await PostAsync(op, BotText.Format("repair.gaveup", op.Plan.User.DisplayName, reason, Calling(op).Label,
                data.PhoneNumber ?? "-", data.Extension ?? "-", RepairCards.Location(await NameAsync(data.LocationId, ct), data.LocationId)), null, ct);
            return;
        }
        await journal.ScheduleRetryAsync(op.Id, Lease, reason, time.GetUtcNow() + options.Value.RetryDelay, ct);
        if (!current.FailureReported)
        {
            await PostAsync(op, BotText.Format("repair.retrying", op.Plan.User.DisplayName, reason, Math.Max(1, (int)Math.Ceiling(options.Value.RetryDelay.TotalMinutes))), null, ct);
            await journal.MarkFailureReportedAsync(op.Id, ct);
        }
    }

    /// <summary>One step's change through the licence-change core: sent once, then read back; a read-back that fails leaves the step journaled as started.</summary>
    private async Task<ChangeOutcome> ApplyAsync(ResetOperation op, LicenceChange change, Func<CancellationToken, Task<IReadOnlyList<string>?>> readBack, CancellationToken ct)
    {
        var outcome = await admin.ApplyAsync(change, readBack, ct);
        if (outcome.Refusal is { } ex)
            logger.LogWarning("Repair {RepairId}: licence change refused: {Status} {Codes} (tracking id {TrackingId})",
                op.Id, (int)ex.Status, string.Join(",", ex.ErrorCodes), ex.TrackingId);
        if (outcome.ReadBackFailure is { } failure) ExceptionDispatchInfo.Throw(failure);
        return outcome;
    }

    private async Task<LicensedUser?> ReadAsync(ResetOperation op, CancellationToken ct)
    {
        var person = await admin.GetPersonAsync(op.PersonId, callingData: true, ct);
        return person is null ? null : UserMapper.ToUser(person, null, []);
    }

    private async Task AuditAsync(ResetOperation op, IReadOnlyList<string> before, IReadOnlyList<string> after, string outcome, string? tracking, LocalText detail, CancellationToken ct)
    {
        var entry = new AuditEntry(Guid.NewGuid().ToString("N"), time.GetUtcNow(), op.PersonId, op.Email, op.Plan.RequestedBy, op.ConfirmedBy, before, after, outcome, tracking, detail);
        try
        {
            await audit.AppendAsync(entry, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Audit entry {AuditId} for repair {RepairId} could not be written", entry.Id, op.Id);
        }
    }

    private async Task PostAsync(ResetOperation op, string? markdown, LicenceCard? card, CancellationToken ct)
    {
        var message = new CreateMessageRequest { RoomId = op.RoomId, ParentId = op.ThreadId, Markdown = card?.Fallback ?? markdown };
        if (card is not null) message = message with { Attachments = [new MessageAttachment(MessageAttachment.AdaptiveCardContentType, CardJson.ToElement(card.Card))] };
        try
        {
            await messaging.CreateMessageAsync(message, ct);
        }
        catch (WebexApiException ex)
        {
            // The journal holds the outcome; a lost message must not undo or repeat the repair.
            logger.LogWarning("Repair {RepairId}: report could not be posted: {Status}", op.Id, (int)ex.Status);
        }
    }

    private static string Outcome(ChangeOutcome outcome) => outcome.Kind switch
    {
        ChangeOutcomeKind.Partial => "Partial",
        ChangeOutcomeKind.Refused => "Refused",
        _ when outcome.Sent.IsPartial => "Partial",
        _ => "Failed",
    };

    private static string Reason(ChangeOutcome outcome) => BotText.Render(ReasonText(outcome));

    /// <summary><see cref="Reason"/> unwritten, for the audit log.</summary>
    private static LocalText ReasonText(ChangeOutcome outcome) =>
        outcome.Refusal is { } refusal ? DescribeText(refusal) : outcome.Kind == ChangeOutcomeKind.Applied ? LocalText.Verbatim("-") : LocalText.Of("repair.error.not_applied");

    private static string Describe(WebexApiException ex) => BotText.Render(DescribeText(ex));

    private static LocalText DescribeText(WebexApiException ex) =>
        LocalText.Of("reset.error.webex", (int)ex.Status, ex.WebexMessage ?? ex.Status.ToString(), ex.TrackingId ?? "-");
}
