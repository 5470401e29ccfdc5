using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Undo;

/// <summary>
/// The plan that takes back what a finished job changed: every row the job applied (<see cref="RowState.Done"/>) goes
/// back to what the user held before it, on the licences that row touched — nothing else of the user changes. Each
/// user is checked against their live licences first:
/// <list type="bullet">
/// <item>still as the job left them (on the licences the row touched): the row goes back, through the same
/// <see cref="BulkPlanBuilder"/> and rules as any bulk plan (R5 and R7 included; a calling licence added back carries
/// the user's calling data, as in a move);</item>
/// <item>already back as before: counted as unchanged;</item>
/// <item>anything else (changed since the job, no longer a user, a licence gone from the org): left out, named on the
/// card, never touched.</item>
/// </list>
/// </summary>
public static class UndoPlanner
{
    public static BulkPlan Plan(OrgSnapshot snapshot, BulkJob job, IReadOnlyList<JobRow> done, string title)
    {
        var builder = new BulkPlanBuilder(snapshot, title);
        builder.Note(BotText.Format("undo.plan.note", job.Id));
        var leftOut = new List<LeftOutRow>();
        foreach (var row in done.Where(r => r.State == RowState.Done).OrderBy(r => r.SourceRow))
        {
            var user = snapshot.Find(row.Email);
            var reason = LeftOutBecause(row, user, snapshot.Org, job.Labels);
            if (reason is null)
            {
                // Back to before: what the row removed is wanted again, what it added is not.
                builder.AddChange(row.SourceRow, row.Email, row.RemoveIds, row.Adds.Select(a => a.LicenceId).Distinct(StringComparer.Ordinal).ToList());
                continue;
            }
            builder.AddProblem(row.SourceRow, row.Email, LocalText.Of("undo.row.left_out", job.Id, reason));
            var name = user?.DisplayName is { Length: > 0 } display ? display : row.Email;
            leftOut.Add(new LeftOutRow(row.SourceRow, name, row.Email, reason));
        }
        var plan = builder.Build();
        return leftOut.Count == 0
            ? plan
            : plan with { LeftOut = new LeftOutRows(BotText.Format("undo.card.left_out", job.Id, leftOut.Count), leftOut) };
    }

    /// <summary>Why the row cannot go back, or null when it can (or already is back).</summary>
    private static LocalText? LeftOutBecause(JobRow row, LicensedUser? user, OrgLicences org, IReadOnlyDictionary<string, string> labels)
    {
        if (user is null || (row.PersonId.Length > 0 && user.Id != row.PersonId)) return LocalText.Of("undo.row.no_user");
        var touched = row.TouchedIds.Distinct(StringComparer.Ordinal).ToList();
        if (touched.FirstOrDefault(id => org.Find(id) is null) is { } gone)
            return LocalText.Of("undo.row.licence_gone", labels.GetValueOrDefault(gone, gone));

        // The job's after-state as Webex read it back after the row (the plan's view when it was not read back).
        var after = (row.AfterIds ?? row.PlannedAfterIds).ToHashSet(StringComparer.Ordinal);
        var before = row.BeforeIds.ToHashSet(StringComparer.Ordinal);
        if (touched.All(id => user.HasLicence(id) == after.Contains(id))) return null;
        if (touched.All(id => user.HasLicence(id) == before.Contains(id))) return null;
        var changed = touched.First(id => user.HasLicence(id) != after.Contains(id));
        var label = labels.GetValueOrDefault(changed, org.Find(changed)?.Label ?? changed);
        return LocalText.Of(user.HasLicence(changed) ? "undo.row.now_has" : "undo.row.now_lacks", label);
    }
}
