using LicenseBot.Core.Csv;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Jobs.Planning;

/// <summary>An uploaded Control Hub CSV → a bulk plan: each row diffed against the user's live licences (R10).</summary>
public static class CsvPlanner
{
    /// <summary>The org's licences as CSV columns, suspended subscriptions marked as Control Hub marks them.</summary>
    public static IReadOnlyList<CsvLicenceColumn> Columns(OrgLicences org) =>
        org.Licences.Select(l => new CsvLicenceColumn(l.Id, l.Name, l.SubscriptionId, l.SubscriptionState != SubscriptionState.Active, l.SiteUrl)).ToList();

    /// <summary>Reads and plans the upload in one pass. A file the bot will not use throws <see cref="CsvFileException"/>.</summary>
    public static async Task<BulkPlan> PlanAsync(OrgSnapshot snapshot, Stream upload, CsvLimits limits, string title, CancellationToken ct)
    {
        await using var file = await ControlHubCsvReader.OpenAsync(upload, Columns(snapshot.Org), limits, ct);
        var builder = new BulkPlanBuilder(snapshot, title);
        var layout = file.Layout;
        if (layout.UnknownColumns.Count > 0)
            builder.Note(BotText.Format("bulk.plan.unknown_columns", string.Join(", ", layout.UnknownColumns.Select(c => $"'{c}'"))));

        var held = new List<string>();
        var notHeld = new List<string>();
        await foreach (var row in file.ReadRowsAsync(ct))
        {
            if (row.Problem is not null)
            {
                builder.AddProblem(row.Row, row.Email, row.Problem);
                continue;
            }
            held.Clear();
            notHeld.Clear();
            for (var k = 0; k < row.Cells.Length; k++)
            {
                if (row.Cells[k] == CsvBool.Cell.True) held.Add(layout.Licences[k].LicenceId);
                else if (row.Cells[k] == CsvBool.Cell.False) notHeld.Add(layout.Licences[k].LicenceId);
            }
            builder.AddChange(row.Row, row.Email, held, notHeld);
        }
        return builder.Build();
    }
}
