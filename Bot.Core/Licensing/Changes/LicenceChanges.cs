using System.Net;
using LicenseBot.Core.Licensing.Applying;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Core.Licensing.Changes;

/// <summary>How a sent change ended, as the read-back (and Webex's answer) show it.</summary>
public enum ChangeOutcomeKind
{
    /// <summary>Webex answered 200 and every operation shows on the user.</summary>
    Applied,

    /// <summary>Some operations stuck, others did not (206, or a change that did not stick).</summary>
    Partial,

    /// <summary>Nothing of the change is on the user, and Webex did not refuse it.</summary>
    NotApplied,

    /// <summary>Webex refused the change (4xx) and nothing of it is on the user.</summary>
    Refused,

    /// <summary>Webex failed (5xx, network), or the user could not be read back.</summary>
    Failed,
}

/// <summary>One licence operation of a change, and whether the user shows it afterwards.</summary>
public sealed record OperationOutcome(string LicenceId, LicenceOperation Operation, bool Applied);

/// <summary>What one PATCH got: Webex's answer (200/206), or its refusal or failure as an exception.</summary>
public sealed record PatchAnswer(LicensePatchResult? Answer, WebexApiException? Error)
{
    public int? Status => Answer?.StatusCode ?? (Error is null ? null : (int)Error.Status);

    public string? TrackingId => Answer?.TrackingId ?? Error?.TrackingId;

    public bool IsPartial => Answer is { IsPartial: true };

    /// <summary>A 4xx other than 429: Webex looked at the change and said no, so nothing of it applied.</summary>
    public bool IsRefusal => Error is { Status: >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError and not HttpStatusCode.TooManyRequests };

    /// <summary>The user's licences (held and pending) as Webex's answer lists them; null without an answer.</summary>
    public IReadOnlyList<string>? AnsweredLicences =>
        Answer is null ? null : Answer.Body.PendingLicenses is { Count: > 0 } pending ? [.. Answer.Body.Licenses, .. pending] : Answer.Body.Licenses;
}

/// <summary>A sent change, classified: per operation whether it shows on the user, and the outcome as a whole.</summary>
public sealed record ChangeOutcome(
    ChangeOutcomeKind Kind,
    LicenceChange Change,
    PatchAnswer Sent,
    IReadOnlyList<OperationOutcome> Operations,
    IReadOnlyList<string>? HeldAfter,
    Exception? ReadBackFailure = null)
{
    public int? Status => Sent.Status;

    public string? TrackingId => Sent.TrackingId;

    public WebexApiException? Refusal => Sent.Error;

    /// <summary>Every operation shows on the user.</summary>
    public bool AllApplied => HeldAfter is not null && Operations.All(o => o.Applied);

    public IEnumerable<OperationOutcome> NotApplied => Operations.Where(o => !o.Applied);

    /// <summary>Webex's refusal as findings: the rule each error code enforces (or the code itself), in the admin's words.</summary>
    public IReadOnlyList<RuleFinding> Findings => Sent.Error is { } e ? WebexLicenceErrors.ToFindings(e.ErrorCodes, e.WebexMessage) : [];
}

/// <summary>
/// The one licence-change core: turns a <see cref="LicenceChange"/> into Webex's <c>PATCH /licenses/users</c>, sends it,
/// reads the user back and classifies what happened. Edit, move, bulk rows and both reset steps go through here, so the
/// place where calling data is kept or lost is written once.
/// </summary>
public static class LicenceChanges
{
    /// <summary>
    /// The PATCH body. Adds come before removals: should Webex apply only part of it (206), a user left with the new
    /// licence and the old one still on is fixed by a removal, while one left with neither has lost their calling data (R5).
    /// </summary>
    public static LicensePatchRequest ToRequest(LicenceChange change) => new()
    {
        PersonId = change.PersonId,
        Email = change.Email,
        Licenses = change.Adds.Select(a => new LicenseOperationRequest(a.LicenceId, "add",
                a.HasProperties ? new LicenseProperties(a.LocationId, a.PhoneNumber, a.Extension) : null))
            .Concat(change.RemoveIds.Select(id => new LicenseOperationRequest(id, "remove")))
            .ToList(),
        SiteUrls = change.SiteChanges.Count == 0
            ? null
            : change.SiteChanges.Select(s => new SiteUrlRequest(s.SiteUrl, "attendee", s.Add ? "add" : "remove")).ToList(),
    };

    /// <summary>
    /// Sends the change once. Never retried here: a failed write may still have applied part of itself, so only the
    /// caller, after reading the user, may decide to send it again. Webex's errors come back in the answer; a transport
    /// failure that is not Webex's answer (timeout, no connection) is thrown.
    /// </summary>
    public static async Task<PatchAnswer> SendAsync(this IWebexAdmin admin, LicenceChange change, CancellationToken ct)
    {
        try
        {
            return new PatchAnswer(await admin.PatchUserLicensesAsync(ToRequest(change), ct), null);
        }
        catch (WebexApiException ex)
        {
            return new PatchAnswer(null, ex);
        }
    }

    /// <summary>
    /// Sends the change, reads the user's licences back with <paramref name="readBack"/> (null: no such user) and
    /// classifies the outcome. A read-back that fails makes the outcome <see cref="ChangeOutcomeKind.Failed"/> with
    /// <see cref="ChangeOutcome.ReadBackFailure"/> set: what the change did is then unknown.
    /// </summary>
    public static async Task<ChangeOutcome> ApplyAsync(this IWebexAdmin admin, LicenceChange change,
        Func<CancellationToken, Task<IReadOnlyList<string>?>> readBack, CancellationToken ct)
    {
        var sent = await admin.SendAsync(change, ct);
        IReadOnlyList<string>? held;
        try
        {
            held = await readBack(ct) ?? [];
        }
        catch (Exception ex) when (ex is WebexApiException or LicensingException or HttpRequestException)
        {
            return new ChangeOutcome(ChangeOutcomeKind.Failed, change, sent, [], null, ex);
        }
        return Classify(change, sent, held);
    }

    /// <summary>
    /// What the change did, from the user's licences afterwards (<paramref name="heldAfter"/>; null: Webex's answer is
    /// taken as the user's state). An operation counts as applied only when the answer (if any) and the licences held
    /// afterwards both show it.
    /// </summary>
    public static ChangeOutcome Classify(LicenceChange change, PatchAnswer sent, IReadOnlyList<string>? heldAfter)
    {
        var answered = sent.AnsweredLicences;
        var held = heldAfter ?? answered ?? [];
        var operations = new List<OperationOutcome>(change.Adds.Count + change.RemoveIds.Count);
        foreach (var add in change.Adds)
            operations.Add(new OperationOutcome(add.LicenceId, LicenceOperation.Add,
                Holds(held, add.LicenceId) && (answered is null || Holds(answered, add.LicenceId))));
        foreach (var id in change.RemoveIds)
            operations.Add(new OperationOutcome(id, LicenceOperation.Remove,
                !Holds(held, id) && (answered is null || !Holds(answered, id))));

        var applied = operations.Count(o => o.Applied);
        var kind = applied == operations.Count && sent.Answer is { IsPartial: false } ? ChangeOutcomeKind.Applied
            : applied > 0 ? ChangeOutcomeKind.Partial
            : sent.Error is { Status: >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError } ? ChangeOutcomeKind.Refused
            : sent.Error is not null ? ChangeOutcomeKind.Failed
            : ChangeOutcomeKind.NotApplied;
        return new ChangeOutcome(kind, change, sent, operations, held);
    }

    private static bool Holds(IReadOnlyList<string> licences, string id)
    {
        for (var i = 0; i < licences.Count; i++)
            if (string.Equals(licences[i], id, StringComparison.Ordinal)) return true;
        return false;
    }
}
