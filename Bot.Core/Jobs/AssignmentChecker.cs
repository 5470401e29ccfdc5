using System.Net;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Jobs;

/// <summary>What a batch's users hold now, as far as the licences its rows touch.</summary>
public interface ICurrentHoldings
{
    bool Holds(string personId, string licenceId);
}

/// <summary>
/// Re-checks a batch of rows against Webex before their changes go out, reading only what those rows need, the cheaper
/// of two ways: each row's user (<c>GET /people/{id}</c>, several at a time — Webex lists people by id in batches but
/// leaves their licences out there), or, when the touched licences have fewer holder pages than the batch has rows,
/// who holds each of them (<c>GET /licenses/{id}?includeAssignedTo=user</c>, 300 a page; a user shown as changed there is
/// then read on their own, as a list read while it changes may miss one). The cost follows the batch,
/// not the org. A user whose holding of a touched licence differs from the plan has been changed by someone else
/// since: that row is skipped and reported.
/// </summary>
public sealed class AssignmentChecker(IWebexAdmin admin, IOptions<JobsOptions> options, TimeProvider time)
{
    /// <summary>Holders a licence page lists (Webex's <c>limit</c> maximum).</summary>
    public const int HoldersPerPage = 300;

    /// <summary>What the users of <paramref name="rows"/> hold now, of the licences the rows touch.</summary>
    public async Task<ICurrentHoldings> ReadAsync(IReadOnlyList<JobRow> rows, CancellationToken ct)
    {
        var touched = rows.SelectMany(r => r.TouchedIds).Distinct(StringComparer.Ordinal).ToList();
        var users = rows.Select(r => r.PersonId).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (users.Count == 0 || touched.Count == 0) return new ByUser(new Dictionary<string, HashSet<string>>(StringComparer.Ordinal));

        var consumed = (await ReadAsync(() => admin.ListLicensesAsync(ct), ct)).ToDictionary(l => l.Id, l => l.ConsumedUnits, StringComparer.Ordinal);
        var holderPages = touched.Sum(id => 1 + consumed.GetValueOrDefault(id) / HoldersPerPage);
        if (holderPages >= users.Count) return await ReadUsersAsync(users, ct);

        // A holder list read page by page while its licence changes (this job's other rows moving) can miss a holder or
        // show one twice, so a user it shows as changed is read on their own before the row is skipped: holder pages
        // for the many, a look-up for the few in doubt.
        var holders = await ReadHoldersAsync(touched, ct);
        var doubtful = rows.Where(r => r.PersonId.Length > 0 && Differs(r, holders)).Select(r => r.PersonId).Distinct(StringComparer.Ordinal).ToList();
        return doubtful.Count == 0 ? holders : new Confirmed(holders, await ReadUsersAsync(doubtful, ct));
    }

    /// <summary>
    /// Holder lists just read for one batch, put to use for <paramref name="rows"/> too (a batch made larger once its
    /// re-check is in); a row that touches a licence those lists do not cover, or that they show as changed, has its
    /// user read on their own. Only for holdings read from holder lists (<see cref="FromHolderLists"/>).
    /// </summary>
    public async Task<ICurrentHoldings> ExtendAsync(ICurrentHoldings read, IReadOnlyList<JobRow> rows, CancellationToken ct)
    {
        if (read is not IHolderLists lists) throw new ArgumentException("Only holdings read from holder lists can be extended.", nameof(read));
        var doubtful = rows.Where(r => r.PersonId.Length > 0 && (r.TouchedIds.Any(id => !lists.Covers(id)) || Differs(r, read)))
            .Select(r => r.PersonId).Distinct(StringComparer.Ordinal).ToList();
        return doubtful.Count == 0 ? read : new Confirmed(lists, await ReadUsersAsync(doubtful, ct));
    }

    /// <summary>Whether <paramref name="read"/> came from holder lists, which say what anyone holds of their licences.</summary>
    public static bool FromHolderLists(ICurrentHoldings read) => read is IHolderLists;

    /// <summary>What the users of <paramref name="rows"/> hold now, each user read on their own (a small batch that cannot wait).</summary>
    public async Task<ICurrentHoldings> ReadEachAsync(IReadOnlyList<JobRow> rows, CancellationToken ct) =>
        await ReadUsersAsync(rows.Select(r => r.PersonId).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList(), ct);

    private static bool Differs(JobRow row, ICurrentHoldings now) =>
        row.TouchedIds.Any(id => row.BeforeIds.Contains(id, StringComparer.Ordinal) != now.Holds(row.PersonId, id));

    /// <summary>Why the row's user no longer matches the plan, or null when it still does.</summary>
    public static LocalText? WhatChanged(JobRow row, ICurrentHoldings now, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var id in row.TouchedIds.Distinct(StringComparer.Ordinal))
        {
            var plannedHeld = row.BeforeIds.Contains(id, StringComparer.Ordinal);
            var held = now.Holds(row.PersonId, id);
            if (plannedHeld == held) continue;
            return LocalText.Of(held ? "jobs.row.changed_now_has" : "jobs.row.changed_now_lacks", RowApplier.Label(labels, id));
        }
        return null;
    }

    private async Task<ByUser> ReadUsersAsync(IReadOnlyList<string> personIds, CancellationToken ct)
    {
        var held = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(personIds, parallel, async (id, c) =>
        {
            var person = await ReadAsync(() => admin.GetPersonAsync(id, callingData: false, c), c);
            var licences = (person?.Licenses ?? []).ToHashSet(StringComparer.Ordinal);
            lock (held) held[id] = licences;
        });
        return new ByUser(held);
    }

    private async Task<ByLicence> ReadHoldersAsync(IReadOnlyList<string> licenceIds, CancellationToken ct)
    {
        var holders = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(licenceIds, ct, async (id, c) =>
        {
            var set = await ReadAsync(async () =>
            {
                var users = new HashSet<string>(StringComparer.Ordinal);
                await foreach (var user in admin.ListLicenseUsersAsync(id, c)) users.Add(user.Id);
                return users;
            }, c);
            lock (holders) holders[id] = set;
        });
        return new ByLicence(holders);
    }

    /// <summary>One read, again after a 429 (the shared budget paused meanwhile) and, a few times, after a 5xx.</summary>
    private async Task<T> ReadAsync<T>(Func<Task<T>> read, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (WebexApiException ex) when (ex.Status == HttpStatusCode.TooManyRequests)
            {
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

    private sealed class ByUser(Dictionary<string, HashSet<string>> held) : ICurrentHoldings
    {
        public bool Knows(string personId) => held.ContainsKey(personId);

        public bool Holds(string personId, string licenceId) => held.TryGetValue(personId, out var set) && set.Contains(licenceId);
    }

    /// <summary>Holdings read from the holder lists of some licences.</summary>
    private interface IHolderLists : ICurrentHoldings
    {
        bool Covers(string licenceId);
    }

    /// <summary>Holder lists, with the users they showed as changed read on their own.</summary>
    private sealed class Confirmed(IHolderLists holders, ByUser users) : IHolderLists
    {
        public bool Holds(string personId, string licenceId) => users.Knows(personId) ? users.Holds(personId, licenceId) : holders.Holds(personId, licenceId);

        public bool Covers(string licenceId) => holders.Covers(licenceId);
    }

    private sealed class ByLicence(Dictionary<string, HashSet<string>> holders) : IHolderLists
    {
        public bool Holds(string personId, string licenceId) => holders.TryGetValue(licenceId, out var set) && set.Contains(personId);

        public bool Covers(string licenceId) => holders.ContainsKey(licenceId);
    }
}
