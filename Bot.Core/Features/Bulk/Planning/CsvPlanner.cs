using LicenseBot.Core.Csv;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Bulk.Planning;

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
        while (await file.NextAsync(ct)) PlanRow(file, builder, held, notHeld);
        return builder.Build();
    }

    /// <summary>The file's current row into the plan, read from the reader's buffers (no objects per row).</summary>
    private static void PlanRow(ControlHubCsvFile file, BulkPlanBuilder builder, List<string> held, List<string> notHeld)
    {
        if (file.Problem is { } problem)
        {
            builder.AddProblem(file.Row, file.Email.ToString(), problem);
            return;
        }
        held.Clear();
        notHeld.Clear();
        var licences = file.Layout.Licences;
        var cells = file.Cells;
        for (var k = 0; k < cells.Length; k++)
        {
            if (cells[k] == CsvBool.Cell.True) held.Add(licences[k].LicenceId);
            else if (cells[k] == CsvBool.Cell.False) notHeld.Add(licences[k].LicenceId);
        }
        builder.AddChange(file.Row, file.Email, held, notHeld);
    }
}
