using LicenseBot.Core.Journal;
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
    IPersonLanguage? languages = null) : JournalRunner(journal, admin, audit, observers, options, time, logger, languages)
{
    protected override string Noun => "Reset";

    /// <summary>Journals a just-confirmed reset, held by this runner so that <see cref="JournalRunner.RunAsync"/> here runs it first.</summary>
    public Task JournalAsync(ResetOperation op, CancellationToken ct) => CreateAsync(op, ct);

    /// <summary>First run: the user must still be as confirmed (optimistic check), else nothing is sent.</summary>
    protected override async Task<ResetOperation?> StartAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        var person = await Admin.GetPersonAsync(op.PersonId, callingData: false, ct);
        var held = person?.Licenses ?? [];
        var pending = person is not null && (person.InvitePending == true || string.Equals(person.Status, "pending", StringComparison.OrdinalIgnoreCase));
        if (!pending || !held.ToHashSet(StringComparer.Ordinal).SetEquals(op.Plan.Before.Select(l => l.Id)))
        {
            var stale = await StaleAsync(op, ct);
            await reporter.ReportAsync(new ResetReport(ResetReportKind.Stale, stale, resumed), ct);
            return stale;
        }
        return await RemoveAsync(op, held, resumed, ct);
    }

    /// <summary>Step 1: remove every licence the user holds, by person id; then read back.</summary>
    private async Task<ResetOperation?> RemoveAsync(ResetOperation op, IReadOnlyList<string> held, bool resumed, CancellationToken ct)
    {
        await BeginStepAsync(op, ResetStep.Remove, held, ct);
        var outcome = await ApplyAsync(op, LicenceChange.OfPerson(op.PersonId, [], held),
            async token => (await Admin.GetPersonAsync(op.PersonId, callingData: false, token))?.Licenses ?? [], ct);
        var (answer, refusal) = (outcome.Sent.Answer, outcome.Refusal);
        var left = outcome.HeldAfter!;
        var removed = left.Count == 0;
        var tracking = answer?.TrackingId ?? refusal?.TrackingId;
        await AuditAsync(op, held, left, removed ? "Applied" : Outcome(outcome), tracking,
            LocalText.Of(removed ? "reset.audit.removed" : "reset.audit.remove_failed", refusal is null ? "-" : DescribeText(refusal)), ct);
        if (!removed) return await StepFailedAsync(op, ResetStep.Remove, tracking, Reason(refusal, left), null, resumed, ct);
        return await RemovedAsync(op, tracking, null, ct);
    }

    /// <summary>Step 1 was journaled as started: read the user to learn whether it took effect.</summary>
    protected override async Task<ResetOperation?> ResolveRemovalAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        var person = await Admin.GetPersonAsync(op.PersonId, callingData: false, ct);
        var held = person?.Licenses ?? [];
        if (held.Count > 0) return await RemoveAsync(op, held, resumed, ct);
        return await RemovedAsync(op, null, LocalText.Of("reset.journal.resolved_removed"), ct);
    }

    /// <summary>Step 2: add every licence of the plan by e-mail.</summary>
    protected override Task<ResetOperation?> AddAsync(ResetOperation op, bool resumed, CancellationToken ct) =>
        AddAsync(op, op.Plan.After, resumed, ct);

    /// <summary>Step 2: add <paramref name="licences"/> by e-mail (recreating the pending external user); then read back.</summary>
    private async Task<ResetOperation?> AddAsync(ResetOperation op, IReadOnlyList<Licence> licences, bool resumed, CancellationToken ct)
    {
        BetweenSteps(op);
        var plan = op.Plan;
        await BeginStepAsync(op, ResetStep.Add, licences.Select(l => l.Id), ct);
        var sites = plan.AttendeeSites.Select(site => new SiteAccountChange(site, Add: true)).ToList();
        WebexPerson? person = null;
        var outcome = await ApplyAsync(op, LicenceChange.OfEmail(op.Email, licences.Select(l => LicenceAdd.For(l, plan.User.Calling)).ToList(), [], sites),
            async token => (person = await Admin.FindPersonByEmailAsync(op.Email, callingData: false, token))?.Licenses ?? [], ct);
        var (answer, refusal) = (outcome.Sent.Answer, outcome.Refusal);
        var held = person?.Licenses ?? [];
        var missing = Missing(plan, held);
        var tracking = answer?.TrackingId ?? refusal?.TrackingId;
        await AuditAsync(op with { NewPersonId = person?.Id }, [], held, missing.Count == 0 ? "Applied" : Outcome(outcome), tracking,
            LocalText.Of(missing.Count == 0 ? "reset.audit.added" : "reset.audit.add_failed", refusal is null ? "-" : DescribeText(refusal)), ct);
        if (missing.Count > 0)
        {
            var reason = refusal is not null ? DescribeText(refusal) : LocalText.Of("reset.error.missing", string.Join(", ", missing.Select(l => l.Label)));
            return await StepFailedAsync(op, ResetStep.Add, tracking, reason, person?.Id, resumed, ct);
        }
        return await FinishAsync(op with { NewPersonId = person!.Id }, tracking, null, resumed, ct);
    }

    /// <summary>Step 2 was journaled as started: read the user by e-mail; add only what is still missing.</summary>
    protected override async Task<ResetOperation?> ResolveAdditionAsync(ResetOperation op, bool resumed, CancellationToken ct)
    {
        var person = await Admin.FindPersonByEmailAsync(op.Email, callingData: false, ct);
        var missing = Missing(op.Plan, person?.Licenses ?? []);
        if (person is not null && missing.Count == 0)
            return await FinishAsync(op with { NewPersonId = person.Id }, null, LocalText.Of("reset.journal.resolved_added"), resumed, ct);
        return await AddAsync(op, missing, resumed, ct);
    }

    private async Task<ResetOperation> FinishAsync(ResetOperation op, string? tracking, LocalText? detail, bool resumed, CancellationToken ct)
    {
        var done = await AddedAsync(op, tracking, detail, op.NewPersonId, ct);
        Logger.LogInformation("Reset {ResetId} of {PersonId} done; the user is pending again as {NewPersonId}", op.Id, op.PersonId, op.NewPersonId);
        await reporter.ReportAsync(new ResetReport(ResetReportKind.Done, done, resumed), ct);
        return done;
    }

    protected override Task ReportRetryingAsync(ResetOperation current, bool resumed, LocalText reason, CancellationToken ct) =>
        reporter.ReportAsync(new ResetReport(ResetReportKind.Retrying, current, resumed, reason), ct);

    protected override Task ReportGaveUpAsync(ResetOperation failed, bool resumed, LocalText reason, CancellationToken ct) =>
        reporter.ReportAsync(new ResetReport(ResetReportKind.GaveUp, failed, resumed, reason), ct);

    private static List<Licence> Missing(ResetPlan plan, IReadOnlyList<string> held) =>
        plan.After.Where(l => !held.Contains(l.Id, StringComparer.Ordinal)).ToList();

    private static LocalText Reason(WebexApiException? refusal, IReadOnlyList<string> left) =>
        refusal is not null ? DescribeText(refusal) : LocalText.Of("reset.error.still_held", string.Join(", ", left));
}
