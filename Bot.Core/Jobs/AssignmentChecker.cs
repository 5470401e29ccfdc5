using System.Net;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Jobs;

/// <summary>
/// Re-checks a batch of rows against Webex before their changes go out, with one read per licence
/// (<c>GET /licenses/{id}?includeAssignedTo=user</c>, all pages) instead of one per user, so the PATCH stays the
/// only call a row costs. A user whose holding of a touched licence differs from the plan has been changed by
/// someone else since: that row is skipped and reported.
/// </summary>
public sealed class AssignmentChecker(IWebexAdmin admin, RateGate gate, IOptions<JobsOptions> options, TimeProvider time)
{
    /// <summary>Who holds each licence now.</summary>
    public async Task<IReadOnlyDictionary<string, HashSet<string>>> ReadHoldersAsync(IEnumerable<string> licenceIds, CancellationToken ct)
    {
        var holders = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var id in licenceIds.Distinct(StringComparer.Ordinal))
            holders[id] = await ReadOneAsync(id, ct);
        return holders;
    }

    /// <summary>Why the row's user no longer matches the plan, or null when it still does.</summary>
    public static string? WhatChanged(JobRow row, IReadOnlyDictionary<string, HashSet<string>> holders, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var id in row.TouchedIds.Distinct(StringComparer.Ordinal))
        {
            var plannedHeld = row.BeforeIds.Contains(id, StringComparer.Ordinal);
            var held = holders.TryGetValue(id, out var set) && set.Contains(row.PersonId);
            if (plannedHeld == held) continue;
            var label = labels.GetValueOrDefault(id, id);
            return BotText.Format(held ? "jobs.row.changed_now_has" : "jobs.row.changed_now_lacks", label);
        }
        return null;
    }

    private async Task<HashSet<string>> ReadOneAsync(string licenceId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await gate.WaitAsync(ct);
            try
            {
                var set = new HashSet<string>(StringComparer.Ordinal);
                await foreach (var user in admin.ListLicenseUsersAsync(licenceId, ct)) set.Add(user.Id);
                return set;
            }
            catch (WebexApiException ex) when (ex.Status == HttpStatusCode.TooManyRequests)
            {
                gate.Throttle(ex.RetryAfter);
                attempt--;
            }
            catch (Exception ex) when (attempt < options.Value.MaxAttempts && IsTransient(ex, ct))
            {
                await Task.Delay(options.Value.RetryBackoff * Math.Pow(2, attempt - 1), time, ct);
            }
        }
    }

    private static bool IsTransient(Exception ex, CancellationToken ct) => ex switch
    {
        WebexApiException w => (int)w.Status >= 500,
        HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException => true,
        OperationCanceledException => !ct.IsCancellationRequested,
        _ => false,
    };
}
