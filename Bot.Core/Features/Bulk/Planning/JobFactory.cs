using System.Security.Cryptography;
using LicenseBot.Core.Csv;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Access;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Bulk.Planning;

/// <summary>Stores a bulk plan as a <see cref="JobState.Planned"/> job: every row written before anything can change.</summary>
/// <param name="org">The managed org, recorded on the job (so <c>undo</c> never takes a job of another org); tests may leave it out.</param>
public sealed class JobFactory(JobStore store, TimeProvider time, ManagedOrg? org = null)
{
    /// <summary>Rows with problems are stored as skipped with their reason, so the results file accounts for every row.</summary>
    public async Task<BulkJob> CreateAsync(BulkPlan plan, JobKind kind, string roomId, string? threadId, string requestedBy, CancellationToken ct)
    {
        // Every licence of the org (a few dozen), so a licence that reaches a user meanwhile is named in the results too.
        var labels = plan.Rows.SelectMany(r => r.BeforeIds.Concat(r.RemoveIds).Concat(r.Adds.Select(a => a.LicenceId)))
            .Concat(plan.Labels.Keys)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => plan.Labels.GetValueOrDefault(id) ?? LicenseBot.Core.Licensing.Model.Licence.UnknownName, StringComparer.Ordinal);
        var job = new BulkJob(NewId(), kind, JobState.Planned, plan.Title, labels, roomId, threadId, requestedBy, null,
            time.GetUtcNow(), null, null, false, null, 0) { OrgId = org is null ? null : await org.GetIdAsync(ct) };

        var seq = 0;
        var rows = plan.Rows.Select(r => (r.SourceRow, Row: (Func<int, JobRow>)(s => new JobRow(job.Id, s, r.SourceRow, r.Email, r.PersonId, r.BeforeIds, r.Adds, r.RemoveIds, r.BeforeText, r.AfterText, RowState.Pending))))
            .Concat(plan.Problems.Select(p => (p.SourceRow, Row: (Func<int, JobRow>)(s => new JobRow(job.Id, s, p.SourceRow, p.Email, p.PersonId ?? "", [], [], [], p.BeforeText, p.AfterText, RowState.Skipped, Error: p.Reason)))))
            .OrderBy(r => r.SourceRow)
            .Select(r => r.Row(++seq))
            .ToList();
        await store.CreateAsync(job, rows, ct);
        return job;
    }

    /// <summary>The plan as CSV lines, in row order.</summary>
    public static IEnumerable<PlanLine> Lines(BulkPlan plan) =>
        plan.Rows.Select(r => new PlanLine(r.SourceRow, r.Email, r.BeforeText, r.AfterText, BotText.Get($"csvfile.change.{r.Kind.ToString().ToLowerInvariant()}"), r.Warnings.Count == 0 ? null : BotText.Render(LocalText.Join(" ", r.Warnings))))
            .Concat(plan.Problems.Select(p => new PlanLine(p.SourceRow, p.Email, p.BeforeText, p.AfterText, BotText.Get("csvfile.change.none"), BotText.Render(p.Reason))))
            .OrderBy(l => l.Row);

    /// <summary>Short enough to type in <c>cancel J7K2QX</c>; random so ids do not tell how busy the bot is.</summary>
    private static string NewId()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        Span<char> id = stackalloc char[6];
        for (var i = 0; i < id.Length; i++) id[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return "J" + new string(id);
    }
}
