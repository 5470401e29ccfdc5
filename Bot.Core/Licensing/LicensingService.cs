using System.Net;
using LicenseBot.Core.Licensing.Applying;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Licensing.Facts;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Licensing;

/// <inheritdoc />
public sealed class LicensingService(
    IWebexAdmin admin,
    ISubscriptionStates subscriptions,
    IMeetingSiteFacts sites,
    IAuditLog audit,
    TimeProvider time,
    IOptions<LicensingOptions> options,
    ILogger<LicensingService> logger) : ILicensingService
{
    public async Task<OrgLicences> GetOrgAsync(CancellationToken ct)
    {
        var raw = await WebexReads.Read(() => admin.ListLicensesAsync(ct));
        var states = new Dictionary<string, SubscriptionState>(StringComparer.Ordinal);
        foreach (var id in raw.Select(l => l.SubscriptionId).OfType<string>().Distinct(StringComparer.Ordinal))
            states[id] = await subscriptions.GetStateAsync(id, ct);

        return new OrgLicences(raw.Select(l => new Licence(
            l.Id,
            l.Name,
            LicenceClassifier.Classify(l.Name, l.SiteUrl),
            l.SubscriptionId,
            l.SubscriptionId is null ? SubscriptionState.Active : states[l.SubscriptionId],
            l.TotalUnits,
            l.ConsumedUnits,
            l.SiteUrl)).ToList());
    }

    public async Task<LicensedUser> GetUserAsync(string email, CancellationToken ct)
    {
        var address = EmailAddress.Clean(email);
        if (!EmailAddress.IsWellFormed(address))
            throw new LicensingException(LicensingProblem.MalformedEmail, LocalText.Of("licensing.error.malformed_email", address));
        var person = await WebexReads.Read(() => admin.FindPersonByEmailAsync(address, callingData: true, ct))
            ?? throw new LicensingException(LicensingProblem.UnknownUser, LocalText.Of("licensing.error.unknown_user", address));
        return await ToUserAsync(person, ct);
    }

    public async Task<ChangePlan> PlanAsync(ChangeRequest request, CancellationToken ct)
    {
        var user = await GetUserAsync(request.Email, ct);
        var org = await GetOrgAsync(ct);
        return await PlanAsync(request, user, org, ct);
    }

    public async Task<ChangePlan> PlanAsync(ChangeRequest request, LicensedUser user, OrgLicences org, CancellationToken ct)
    {
        var attendeeSites = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var site in org.Licences.Select(l => l.SiteUrl).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await sites.AllowsAttendeeAccountsAsync(site, ct)) attendeeSites.Add(site);
        }
        return ChangePlanner.Plan(Guid.NewGuid().ToString("N"), time.GetUtcNow(), org, user, request, attendeeSites);
    }

    public async Task<ApplyResult> ApplyAsync(ChangePlan plan, string approvedBy, CancellationToken ct)
    {
        if (plan.IsBlocked) throw new InvalidOperationException("A plan that breaks a rule cannot be applied.");
        if (plan.IsEmpty) throw new InvalidOperationException("An empty plan has nothing to apply.");

        // Optimistic check: a stale confirmation must never overwrite someone else's change.
        var current = await ReadUserAsync(plan.User.Id, ct)
            ?? throw new LicensingException(LicensingProblem.UnknownUser, LocalText.Of("licensing.error.unknown_user", plan.User.Email));
        if (ChangedSince(plan.User, current))
            return new ApplyResult(ApplyOutcome.Stale, plan, null, [], false, null, null, [], null);

        var outcome = await admin.ApplyAsync(LicenceChange.OfPlan(plan, current.Calling), ReadBackAsync, ct);
        if (outcome.Refusal is { } ex)
            logger.LogWarning("Licence change for {PersonId} refused: {Status} {Codes} (tracking id {TrackingId})",
                plan.User.Id, (int)ex.Status, string.Join(",", ex.ErrorCodes), ex.TrackingId);

        var result = ToResult(plan, outcome);
        await WriteAuditAsync(plan, approvedBy, result, ct);
        return result;

        async Task<IReadOnlyList<string>?> ReadBackAsync(CancellationToken token) => (await ReadUserAsync(plan.User.Id, token))?.LicenceIds;
    }

    /// <summary>The core's outcome in the edit flow's terms: licence by licence, and whether the user was left without calling.</summary>
    private ApplyResult ToResult(ChangePlan plan, ChangeOutcome outcome)
    {
        var findings = outcome.Findings;
        var message = outcome.Refusal?.WebexMessage;
        if (outcome.ReadBackFailure is { } failure)
        {
            logger.LogError("Could not read {PersonId} back after a licence change: {Reason}", plan.User.Id, failure.Message);
            return new ApplyResult(ApplyOutcome.Failed, plan, null, [], false, outcome.Status, outcome.TrackingId, findings, message);
        }

        var known = plan.Before.Concat(plan.After).DistinctBy(l => l.Id).ToDictionary(l => l.Id, StringComparer.Ordinal);
        var byId = plan.Added.Concat(plan.Removed).ToDictionary(l => l.Id, StringComparer.Ordinal);
        var operations = outcome.Operations.Where(o => o.Operation == LicenceOperation.Remove)
            .Concat(outcome.Operations.Where(o => o.Operation == LicenceOperation.Add))
            .Select(o => new OperationResult(byId[o.LicenceId], o.Operation, o.Applied))
            .ToList();
        var actual = outcome.HeldAfter!.Distinct(StringComparer.Ordinal)
            .Select(id => known.GetValueOrDefault(id) ?? Licence.NotInOrg(id)).ToList();
        var kind = outcome.Kind switch
        {
            ChangeOutcomeKind.Applied => ApplyOutcome.Applied,
            ChangeOutcomeKind.Partial => ApplyOutcome.Partial,
            ChangeOutcomeKind.Refused => ApplyOutcome.Refused,
            ChangeOutcomeKind.Failed => ApplyOutcome.Failed,
            _ => ApplyOutcome.NotApplied,
        };
        var leftWithoutCalling = plan.Before.Any(l => l.Kind.IsCalling) && plan.After.Any(l => l.Kind.IsCalling) && !actual.Any(l => l.Kind.IsCalling);
        if (leftWithoutCalling)
            logger.LogError("User {PersonId} was left without a calling licence by change {PlanId} (tracking id {TrackingId})", plan.User.Id, plan.PlanId, outcome.TrackingId);
        return new ApplyResult(kind, plan, actual, operations, leftWithoutCalling, outcome.Status, outcome.TrackingId, findings, message);
    }

    private async Task WriteAuditAsync(ChangePlan plan, string approvedBy, ApplyResult result, CancellationToken ct)
    {
        var detail = result.Failed.Count > 0
            ? LocalText.Join("; ", result.Failed.Select(f => LocalText.Of(f.Operation == LicenceOperation.Add ? "audit.op_add_failed" : "audit.op_remove_failed", f.Licence.Label)))
            : result.WebexMessage is { } webex ? LocalText.Verbatim(webex) : null;
        var entry = new AuditEntry(
            Guid.NewGuid().ToString("N"), time.GetUtcNow(), plan.User.Id, plan.User.Email, plan.RequestedBy, approvedBy,
            plan.Before.Select(l => l.Id).ToList(), result.AfterActual?.Select(l => l.Id).ToList() ?? [],
            result.Outcome.ToString(), result.TrackingId, detail);
        try
        {
            await audit.AppendAsync(entry, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change is done; losing its record is serious but must not hide the result from the admin.
            logger.LogError(ex, "Audit entry {AuditId} for {PersonId} could not be written", entry.Id, plan.User.Id);
        }
    }

    private static bool ChangedSince(LicensedUser planned, LicensedUser current) =>
        !planned.LicenceIds.ToHashSet(StringComparer.Ordinal).SetEquals(current.LicenceIds)
        || !planned.AttendeeSites.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(current.AttendeeSites)
        || planned.Calling != current.Calling;

    private async Task<LicensedUser?> ReadUserAsync(string personId, CancellationToken ct)
    {
        var person = await WebexReads.Read(() => admin.GetPersonAsync(personId, callingData: true, ct));
        return person is null ? null : await ToUserAsync(person, ct);
    }

    private async Task<LicensedUser> ToUserAsync(WebexPerson person, CancellationToken ct) =>
        UserMapper.ToUser(person, options.Value.OrgId, await sites.SitesAdministeredByAsync(person.Id, person.PrimaryEmail, person.Roles ?? [], ct));
}
