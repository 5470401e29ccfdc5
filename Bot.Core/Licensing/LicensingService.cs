using System.Net;
using LicenseBot.Core.Licensing.Applying;
using LicenseBot.Core.Licensing.Audit;
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
        var raw = await Read(() => admin.ListLicensesAsync(ct));
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
            throw new LicensingException(LicensingProblem.MalformedEmail, BotText.Format("licensing.error.malformed_email", address));
        var person = await Read(() => admin.FindPersonByEmailAsync(address, callingData: true, ct))
            ?? throw new LicensingException(LicensingProblem.UnknownUser, BotText.Format("licensing.error.unknown_user", address));
        return await ToUserAsync(person, ct);
    }

    public async Task<ChangePlan> PlanAsync(ChangeRequest request, CancellationToken ct)
    {
        var user = await GetUserAsync(request.Email, ct);
        var org = await GetOrgAsync(ct);
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
            ?? throw new LicensingException(LicensingProblem.UnknownUser, BotText.Format("licensing.error.unknown_user", plan.User.Email));
        if (ChangedSince(plan.User, current))
            return new ApplyResult(ApplyOutcome.Stale, plan, null, [], false, null, null, [], null);

        var request = BuildPatch(plan, current);
        LicensePatchResult? answer = null;
        WebexApiException? refusal = null;
        try
        {
            answer = await admin.PatchUserLicensesAsync(request, ct);
        }
        catch (WebexApiException ex)
        {
            // Never retried: a failed write may still have applied part of itself. Reading back tells what it did.
            refusal = ex;
            logger.LogWarning("Licence change for {PersonId} refused: {Status} {Codes} (tracking id {TrackingId})",
                plan.User.Id, (int)ex.Status, string.Join(",", ex.ErrorCodes), ex.TrackingId);
        }

        var result = await VerifyAsync(plan, answer, refusal, ct);
        await WriteAuditAsync(plan, approvedBy, result, ct);
        return result;
    }

    private static LicensePatchRequest BuildPatch(ChangePlan plan, LicensedUser current)
    {
        // Adds before removals: should Webex apply only part (206), the user keeps a calling licence rather than none.
        var operations = plan.Added.Select(l => new LicenseOperationRequest(l.Id, "add", NeedsCallingProperties(l) ? Properties(current.Calling) : null))
            .Concat(plan.Removed.Select(l => new LicenseOperationRequest(l.Id, "remove")))
            .ToList();
        var siteUrls = plan.SiteChanges.Count == 0
            ? null
            : plan.SiteChanges.Select(s => new SiteUrlRequest(s.SiteUrl, "attendee", s.Add ? "add" : "remove")).ToList();
        return new LicensePatchRequest { PersonId = plan.User.Id, Licenses = operations, SiteUrls = siteUrls };
    }

    /// <summary>Every calling licence added carries its own properties (400411) — also when it replaces another in a move.</summary>
    private static bool NeedsCallingProperties(Licence licence) => licence.Kind.IsCalling || licence.Kind.IsCxEssentials;

    private static LicenseProperties? Properties(CallingData? calling) =>
        calling is null ? null : new LicenseProperties(calling.LocationId, calling.PhoneNumber, calling.Extension);

    private async Task<ApplyResult> VerifyAsync(ChangePlan plan, LicensePatchResult? answer, WebexApiException? refusal, CancellationToken ct)
    {
        var status = answer?.StatusCode ?? (refusal is null ? null : (int)refusal.Status);
        var tracking = answer?.TrackingId ?? refusal?.TrackingId;
        var findings = refusal is null ? [] : WebexLicenceErrors.ToFindings(refusal.ErrorCodes, refusal.WebexMessage);

        LicensedUser? after;
        try
        {
            after = await ReadUserAsync(plan.User.Id, ct);
        }
        catch (LicensingException ex)
        {
            logger.LogError("Could not read {PersonId} back after a licence change: {Reason}", plan.User.Id, ex.Message);
            return new ApplyResult(ApplyOutcome.Failed, plan, null, [], false, status, tracking, findings, refusal?.WebexMessage);
        }

        var actualIds = new HashSet<string>(after?.LicenceIds ?? [], StringComparer.Ordinal);
        // A licence counts as applied only when Webex's answer (if any) and the read-back both show it.
        var answered = answer is null ? null : new HashSet<string>(answer.Body.Licenses.Concat(answer.Body.PendingLicenses ?? []), StringComparer.Ordinal);
        var operations = plan.Removed.Select(l => new OperationResult(l, LicenceOperation.Remove, !actualIds.Contains(l.Id) && answered?.Contains(l.Id) != true))
            .Concat(plan.Added.Select(l => new OperationResult(l, LicenceOperation.Add, actualIds.Contains(l.Id) && answered?.Contains(l.Id) != false)))
            .ToList();

        var known = plan.Before.Concat(plan.After).DistinctBy(l => l.Id).ToDictionary(l => l.Id, StringComparer.Ordinal);
        var actual = actualIds.Select(id => known.GetValueOrDefault(id) ?? new Licence(id, id, new LicenceKind(ServiceFamily.Other), null, SubscriptionState.Active, 0, 0)).ToList();
        var applied = operations.Count(o => o.Applied);
        var outcome = applied == operations.Count && answer is { IsPartial: false } ? ApplyOutcome.Applied
            : applied > 0 ? ApplyOutcome.Partial
            : refusal is { Status: >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError } ? ApplyOutcome.Refused
            : refusal is not null ? ApplyOutcome.Failed
            : ApplyOutcome.NotApplied;
        var leftWithoutCalling = plan.Before.Any(l => l.Kind.IsCalling) && plan.After.Any(l => l.Kind.IsCalling) && !actual.Any(l => l.Kind.IsCalling);
        if (leftWithoutCalling)
            logger.LogError("User {PersonId} was left without a calling licence by change {PlanId} (tracking id {TrackingId})", plan.User.Id, plan.PlanId, tracking);
        return new ApplyResult(outcome, plan, actual, operations, leftWithoutCalling, status, tracking, findings, refusal?.WebexMessage);
    }

    private async Task WriteAuditAsync(ChangePlan plan, string approvedBy, ApplyResult result, CancellationToken ct)
    {
        var detail = result.Failed.Count > 0
            ? string.Join("; ", result.Failed.Select(f => BotText.Format(f.Operation == LicenceOperation.Add ? "audit.op_add_failed" : "audit.op_remove_failed", f.Licence.Label, f.Licence.Id)))
            : result.WebexMessage;
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
        var person = await Read(() => admin.GetPersonAsync(personId, callingData: true, ct));
        return person is null ? null : await ToUserAsync(person, ct);
    }

    private async Task<LicensedUser> ToUserAsync(WebexPerson person, CancellationToken ct) =>
        UserMapper.ToUser(person, options.Value.OrgId, await sites.SitesAdministeredByAsync(person.Id, person.PrimaryEmail, person.Roles ?? [], ct));

    /// <summary>A failed read becomes an admin sentence with Webex's message and tracking id; never a stack trace.</summary>
    private static async Task<T> Read<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (WebexApiException ex)
        {
            throw new LicensingException(
                (int)ex.Status >= 500 ? LicensingProblem.WebexUnavailable : LicensingProblem.WebexRefused,
                BotText.Format("licensing.error.webex", (int)ex.Status, ex.WebexMessage ?? ex.Status.ToString(), ex.TrackingId ?? "-"),
                ex.TrackingId, ex);
        }
    }
}
