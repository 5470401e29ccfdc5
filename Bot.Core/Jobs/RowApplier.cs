using System.Net;
using System.Runtime.ExceptionServices;
using LicenseBot.Core.Licensing.Applying;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Jobs;

/// <summary>What became of one row: its final state, the admin's reason when it is not done (words only when read), and what the user now holds.</summary>
public sealed record RowResult(RowState State, LocalText? Error, string? TrackingId, IReadOnlyList<string>? AfterIds)
{
    /// <summary>Webex refused the change outright (4xx): nothing of it applied.</summary>
    public bool Refused { get; init; }
}

/// <summary>
/// Sends one row's change as one <c>PATCH /licenses/users</c> and establishes what it did.
/// <list type="bullet">
/// <item>429: not processed by Webex, so the same PATCH goes again; the shared admin budget (<see cref="WebexPacer"/>)
/// holds it, and every other call, back for the <c>Retry-After</c>.</item>
/// <item>5xx or a timeout: the change may have applied in part, so the user is read first; only a user still as
/// planned gets the PATCH again (after a back-off), a changed one is reported, never overwritten.</item>
/// <item>200 is checked against what was asked (a change that did not stick is a failure); 206 is a failure naming
/// every operation that did not apply.</item>
/// </list>
/// </summary>
public sealed class RowApplier(IWebexAdmin admin, IOptions<JobsOptions> options, TimeProvider time, ILogger<RowApplier> logger)
{
    private const int MaxThrottledRetries = 100;

    /// <param name="row">The row, as planned.</param>
    /// <param name="labels">Licence names for the admin's messages, by id.</param>
    /// <param name="journalApplying">Writes <see cref="RowState.Applying"/> to the journal; called before every send.</param>
    public async Task<RowResult> ApplyAsync(JobRow row, IReadOnlyDictionary<string, string> labels, Func<CancellationToken, Task> journalApplying, CancellationToken ct)
    {
        var change = LicenceChange.OfPerson(row.PersonId, row.Adds, row.RemoveIds);
        var failures = 0;
        var throttled = 0;
        string? lastTracking = null;
        while (true)
        {
            await journalApplying(ct);
            Exception unclear;
            try
            {
                var sent = await admin.SendAsync(change, ct);
                if (sent.Error is null) return Verify(row, LicenceChanges.Classify(change, sent, heldAfter: null), labels);
                if (sent.Error.Status == HttpStatusCode.TooManyRequests && ++throttled <= MaxThrottledRetries)
                {
                    lastTracking = sent.Error.TrackingId ?? lastTracking;
                    continue;
                }
                if (sent.IsRefusal) return new RowResult(RowState.Failed, Refusal(sent.Error), sent.Error.TrackingId, null) { Refused = true };
                if (!IsTransient(sent.Error, ct)) ExceptionDispatchInfo.Throw(sent.Error);
                unclear = sent.Error;
            }
            catch (Exception ex) when (IsTransient(ex, ct))
            {
                unclear = ex;
            }

            failures++;
            lastTracking = (unclear as WebexApiException)?.TrackingId ?? lastTracking;
            logger.LogWarning("Licence change for {PersonId} (job {JobId}, row {Row}) got no clear answer ({Reason}); reading the user before anything else",
                row.PersonId, row.JobId, row.SourceRow, Describe(unclear));
            var state = await ResolveAsync(row, labels, ct);
            if (state is not null) return state with { TrackingId = state.TrackingId ?? lastTracking };
            if (failures >= options.Value.MaxAttempts)
                return new RowResult(RowState.Failed, LocalText.Of("jobs.row.unavailable", failures), lastTracking, null);
            await Task.Delay(Backoff(failures), time, ct);
        }
    }

    /// <summary>
    /// Reads the user to learn what an unanswered change did: a result when it applied (done) or applied in part
    /// (failed), null when nothing of it is on the user and it may be sent again.
    /// </summary>
    public async Task<RowResult?> ResolveAsync(JobRow row, IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var current = await ReadLicencesAsync(row.PersonId, ct);
        if (current is null)
            return new RowResult(RowState.Failed, LocalText.Of("jobs.row.unknown_state"), null, null);
        var change = LicenceChange.OfPerson(row.PersonId, row.Adds, row.RemoveIds);
        var outcome = LicenceChanges.Classify(change, new PatchAnswer(null, null), current);
        if (outcome.Kind == ChangeOutcomeKind.NotApplied) return null;
        return Verify(row, outcome, labels);
    }

    private RowResult Verify(JobRow row, ChangeOutcome outcome, IReadOnlyDictionary<string, string> labels)
    {
        var missing = outcome.NotApplied
            .Select(o => LocalText.Of(o.Operation == LicenceOperation.Add ? "jobs.op.add" : "jobs.op.remove", Label(labels, o.LicenceId)))
            .ToList();
        var partial = outcome.Sent.IsPartial;
        if (missing.Count == 0 && !partial) return new RowResult(RowState.Done, null, outcome.TrackingId, outcome.HeldAfter);
        var reason = missing.Count == 0
            ? LocalText.Of("jobs.row.partial_unspecified")
            : LocalText.Of(partial ? "jobs.row.partial" : "jobs.row.not_applied", LocalText.Join("; ", missing));
        logger.LogWarning("Licence change for {PersonId} (job {JobId}, row {Row}) did not fully apply (tracking id {TrackingId})", row.PersonId, row.JobId, row.SourceRow, outcome.TrackingId);
        return new RowResult(RowState.Failed, reason, outcome.TrackingId, outcome.HeldAfter);
    }

    /// <summary>The user's licence ids, read with back-off; null when Webex cannot tell.</summary>
    private async Task<IReadOnlyList<string>?> ReadLicencesAsync(string personId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var person = await admin.GetPersonAsync(personId, callingData: false, ct);
                return person?.Licenses ?? (person is null ? null : []);
            }
            catch (WebexApiException ex) when (ex.Status == HttpStatusCode.TooManyRequests)
            {
                attempt--;
            }
            catch (Exception ex) when (IsTransient(ex, ct) && attempt < options.Value.MaxAttempts)
            {
                await Task.Delay(Backoff(attempt), time, ct);
            }
            catch (Exception ex) when (IsTransient(ex, ct))
            {
                logger.LogError("Could not read {PersonId} after {Attempts} attempts: {Reason}", personId, attempt, Describe(ex));
                return null;
            }
        }
    }

    private TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(options.Value.RetryBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1) * (0.8 + Random.Shared.NextDouble() * 0.4));

    private static bool IsTransient(Exception ex, CancellationToken ct) => ex switch
    {
        WebexApiException w => (int)w.Status >= 500 || w.Status == HttpStatusCode.RequestTimeout,
        HttpRequestException => true,
        TimeoutException => true,
        OperationCanceledException => !ct.IsCancellationRequested,
        Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException => true,
        _ => false,
    };

    private static string Describe(Exception ex) => ex is WebexApiException w ? $"{(int)w.Status}" : ex.GetType().Name;

    /// <summary>Webex's refusal in the admin's words: each error code with the rule it enforces (docs/licensing-rules.md), as the edit flow names it.</summary>
    private static LocalText Refusal(WebexApiException ex)
    {
        if (ex.ErrorCodes.Count == 0) return LocalText.Of("jobs.row.refused", (int)ex.Status, ex.WebexMessage ?? ex.Status.ToString());
        return LocalText.Join(" ", ex.ErrorCodes.Select(code =>
        {
            var text = WebexLicenceErrors.Describe(code) ?? LocalText.Of("jobs.row.refused", (int)ex.Status, (object?)ex.WebexMessage ?? LocalText.Of("licensing.webex.unknown"));
            return WebexLicenceErrors.RuleFor(code) is { } rule
                ? LocalText.Of("jobs.row.refused_rule", rule, text, code)
                : LocalText.Of("jobs.row.refused_code", text, code);
        }));
    }

    /// <summary>The licence's name as the plan stored it, else "a licence not in this org's list" in the reader's language.</summary>
    internal static object Label(IReadOnlyDictionary<string, string> labels, string id) => (object?)labels.GetValueOrDefault(id) ?? LocalText.Of("licensing.licence_unknown");
}
