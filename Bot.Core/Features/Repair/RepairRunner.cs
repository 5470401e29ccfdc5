using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Journal;
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
/// bot. So the repair uses the shared two-step journal (<see cref="ResetJournal"/>, kind <see cref="ResetJournal.RepairKind"/>)
/// and its runner skeleton (<see cref="JournalRunner"/>) rather than a journal of its own: it is the same shape — two steps, each journaled before its PATCH and after its
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
    IPersonLanguage? languages = null) : JournalRunner(journal, admin, audit, observers, options, time, logger, languages)
{
    protected override string Noun => "Repair";

    /// <summary>Journals a just-confirmed repair, held by this runner so that <see cref="JournalRunner.RunAsync"/> here runs it first.</summary>
    public async Task<ResetOperation> JournalAsync(RepairPlan plan, string confirmedBy, string roomId, string? threadId, CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var op = new ResetOperation(Guid.NewGuid().ToString("N"), plan.ToJournal(), confirmedBy, roomId, threadId, ResetState.Confirmed, 0, now, now, now, null, null, false);
        await CreateAsync(op, ct);
        return op;
    }

    private static Licence Calling(ResetOperation op) => op.Plan.Before[0];

    private static CallingData Data(ResetOperation op) => op.Plan.User.Calling!;

    /// <summary>First run: the user must still be as confirmed (same licences, same calling data), else nothing is sent.</summary>
    protected override async Task<ResetOperation?> StartAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        var user = await ReadAsync(op, ct);
        if (user is null || !user.LicenceIds.ToHashSet(StringComparer.Ordinal).SetEquals(op.Plan.User.LicenceIds) || user.Calling != op.Plan.User.Calling)
        {
            var stale = await StaleAsync(op, ct);
            await PostAsync(op, BotText.Format("repair.stale", op.Plan.User.DisplayName, op.Email), null, ct);
            return stale;
        }
        return await RemoveAsync(op, user, resumed, ct);
    }

    /// <summary>Step 1: remove the calling licence (by person id); then read back.</summary>
    private async Task<ResetOperation?> RemoveAsync(ResetOperation op, LicensedUser before, bool resumed, CancellationToken ct)
    {
        var calling = Calling(op);
        await BeginStepAsync(op, ResetStep.Remove, [calling.Id], ct);
        LicensedUser? after = null;
        var outcome = await ApplyAsync(op, LicenceChange.OfPerson(op.PersonId, [], [calling.Id]),
            async token => (after = await ReadAsync(op, token))?.LicenceIds, ct);
        var removed = !(after?.HasLicence(calling.Id) ?? true);
        await AuditAsync(op, before.LicenceIds, after?.LicenceIds ?? [], removed ? "Applied" : Outcome(outcome), outcome.TrackingId,
            LocalText.Of(removed ? "repair.audit.removed" : "repair.audit.remove_failed", calling.Label, ReasonText(outcome)), ct);
        if (!removed) return await StepFailedAsync(op, ResetStep.Remove, outcome.TrackingId, ReasonText(outcome), null, resumed, ct);
        return await RemovedAsync(op, outcome.TrackingId, null, ct);
    }

    /// <summary>Step 1 was journaled as started: read the user to learn whether it took effect.</summary>
    protected override async Task<ResetOperation?> ResolveRemovalAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        var user = await ReadAsync(op, ct) ?? throw new LicensingException(LicensingProblem.UnknownUser, LocalText.Of("licensing.error.unknown_user", op.Email));
        if (user.HasLicence(Calling(op).Id)) return await RemoveAsync(op, user, resumed, ct);
        return await RemovedAsync(op, null, LocalText.Of("reset.journal.resolved_removed"), ct);
    }

    /// <summary>Step 2: assign the calling licence again with the journaled location, number and extension; then read back.</summary>
    protected override async Task<ResetOperation?> AddAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        BetweenSteps(op);
        var (calling, data) = (Calling(op), Data(op));
        var before = await ReadAsync(op, ct) ?? throw new LicensingException(LicensingProblem.UnknownUser, LocalText.Of("licensing.error.unknown_user", op.Email));
        await BeginStepAsync(op, ResetStep.Add, [calling.Id], ct);
        LicensedUser? after = null;
        var outcome = await ApplyAsync(op, LicenceChange.OfPerson(op.PersonId, [new LicenceAdd(calling.Id, data.LocationId, data.PhoneNumber, data.Extension)], []),
            async token => (after = await ReadAsync(op, token))?.LicenceIds, ct);
        var added = after?.HasLicence(calling.Id) == true;
        await AuditAsync(op, before.LicenceIds, after?.LicenceIds ?? [], added ? "Applied" : Outcome(outcome), outcome.TrackingId,
            LocalText.Of(added ? "repair.audit.added" : "repair.audit.add_failed", calling.Label, ReasonText(outcome)), ct);
        if (!added) return await StepFailedAsync(op, ResetStep.Add, outcome.TrackingId, ReasonText(outcome), null, resumed, ct);
        return await FinishAsync(op, after!, outcome.TrackingId, null, resumed, ct);
    }

    /// <summary>Step 2 was journaled as started: read the user; assign the licence only if it is still missing.</summary>
    protected override async Task<ResetOperation?> ResolveAdditionAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        var user = await ReadAsync(op, ct);
        if (user is not null && user.HasLicence(Calling(op).Id))
            return await FinishAsync(op, user, null, LocalText.Of("reset.journal.resolved_added"), resumed, ct);
        return await AddAsync(op, resumed, ct);
    }

    private async Task<ResetOperation> FinishAsync(ResetOperation op, LicensedUser after, string? tracking, LocalText? detail, bool resumed, CancellationToken ct)
    {
        var done = await AddedAsync(op, tracking, detail, null, ct);
        Logger.LogInformation("Repair {RepairId} of {PersonId} done", op.Id, op.PersonId);
        var result = await ResultAsync(op, after, resumed, ct);
        await PostAsync(op, null, cards.Result(result), ct);
        return done;
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
            Logger.LogWarning("Repair {RepairId}: licences could not be read for the result: {Reason}", op.Id, ex.Message);
            held = after.HasLicence(calling.Id) ? [calling] : [];
        }
        var plan = new RepairPlan(op.Plan.PlanId, op.Plan.User, calling, await NameAsync(Data(op).LocationId, ct), op.CreatedAt, op.Plan.RequestedBy, op.Plan.CreatedAt);
        return new RepairResult(plan, held, after.Calling, await NameAsync(after.Calling?.LocationId, ct), resumed);
    }

    private async Task<string?> NameAsync(string? locationId, CancellationToken ct) =>
        locationId is null ? null : await locations.GetNameAsync(locationId, ct);

    protected override async Task ReportGaveUpAsync(ResetOperation failed, bool resumed, LocalText reason, CancellationToken ct)
    {
        var data = Data(failed);
        await PostAsync(failed, BotText.Format("repair.gaveup", failed.Plan.User.DisplayName, BotText.Render(reason), Calling(failed).Label,
            data.PhoneNumber ?? "-", data.Extension ?? "-", RepairCards.Location(await NameAsync(data.LocationId, ct), data.LocationId)), null, ct);
    }

    protected override Task ReportRetryingAsync(ResetOperation current, bool resumed, LocalText reason, CancellationToken ct) =>
        PostAsync(current, BotText.Format("repair.retrying", current.Plan.User.DisplayName, BotText.Render(reason), Math.Max(1, (int)Math.Ceiling(Options.RetryDelay.TotalMinutes))), null, ct);

    private async Task<LicensedUser?> ReadAsync(ResetOperation op, CancellationToken ct)
    {
        var person = await Admin.GetPersonAsync(op.PersonId, callingData: true, ct);
        return person is null ? null : UserMapper.ToUser(person, null, []);
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
            Logger.LogWarning("Repair {RepairId}: report could not be posted: {Status}", op.Id, (int)ex.Status);
        }
    }

    /// <summary>Why a step did not reach its aim, unwritten: for the journal, the audit log and the admin's message.</summary>
    private static LocalText ReasonText(ChangeOutcome outcome) =>
        outcome.Refusal is { } refusal ? DescribeText(refusal) : outcome.Kind == ChangeOutcomeKind.Applied ? LocalText.Verbatim("-") : LocalText.Of("repair.error.not_applied");
}
