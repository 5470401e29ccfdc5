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

    /// <summary>
    /// Reads the org's licences (while the upload comes in), then only the users the upload names (<see cref="OrgReader.ReadUsersAsync"/>), and plans
    /// the upload against them. The upload is kept in a temporary file (deleted on close) so it can be read twice: once
    /// for its addresses, once to plan. A file the bot will not use throws <see cref="CsvFileException"/>.
    /// </summary>
    public static Task<BulkPlan> ReadAndPlanAsync(OrgReader reader, Stream upload, CsvLimits limits, string title, ReadCount? count, CancellationToken ct) =>
        ReadAndPlanAsync(reader, reader.ReadLicencesAsync(ct), upload, limits, title, count, ct);

    /// <summary>
    /// <see cref="ReadAndPlanAsync(OrgReader, Stream, CsvLimits, string, ReadCount?, CancellationToken)"/> with the org's
    /// licences already being read (<see cref="OrgReader.ReadLicencesAsync"/>): the upload comes in meanwhile.
    /// </summary>
    public static async Task<BulkPlan> ReadAndPlanAsync(OrgReader reader, Task<OrgLicences> licences, Stream upload, CsvLimits limits, string title, ReadCount? count, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"licensebot-upload-{Guid.NewGuid():N}.csv");
        try
        {
            try
            {
                await using var copy = Open(path, FileMode.CreateNew);
                await CopyAsync(upload, copy, limits.MaxBytes, ct);
            }
            catch
            {
                try { await licences; } catch { /* the copy's failure is the one to report */ }
                throw;
            }
            var org = await licences;
            HashSet<string> emails;
            await using (var first = Open(path, FileMode.Open)) emails = await EmailsAsync(first, Columns(org), limits, ct);
            var snapshot = await reader.ReadUsersAsync(org, emails, count, ct);
            await using var second = Open(path, FileMode.Open);
            return await PlanAsync(snapshot, second, limits, title, ct);
        }
        finally
        {
            File.Delete(path);
        }

        static FileStream Open(string path, FileMode mode) =>
            new(path, mode, mode == FileMode.Open ? FileAccess.Read : FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
    }

    /// <summary>Copies at most <paramref name="maxBytes"/> (and one more, so the reader still sees a file that is too large).</summary>
    private static async Task CopyAsync(Stream from, Stream to, long maxBytes, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total <= maxBytes && (n = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, maxBytes + 1 - total)), ct)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, n), ct);
            total += n;
        }
    }

    /// <summary>The e-mail addresses of the rows that can be planned, each once.</summary>
    private static async Task<HashSet<string>> EmailsAsync(Stream upload, IReadOnlyList<CsvLicenceColumn> columns, CsvLimits limits, CancellationToken ct)
    {
        var emails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var file = await ControlHubCsvReader.OpenAsync(upload, columns, limits, ct);
        var lookup = emails.GetAlternateLookup<ReadOnlySpan<char>>();
        while (await file.NextAsync(ct))
            if (file.Problem is null && !lookup.Contains(file.Email)) emails.Add(file.Email.ToString());
        return emails;
    }

    /// <summary>Reads and plans the upload in one pass. A file the bot will not use throws <see cref="CsvFileException"/>.</summary>
    public static async Task<BulkPlan> PlanAsync(OrgSnapshot snapshot, Stream upload, CsvLimits limits, string title, CancellationToken ct)
    {
        await using var file = await ControlHubCsvReader.OpenAsync(upload, Columns(snapshot.Org), limits, ct);
        var builder = new BulkPlanBuilder(snapshot, title);
        var layout = file.Layout;
        if (layout.UnknownColumns.Count > 0)
            builder.Note(BotText.Format("bulk.plan.unknown_columns", CsvLimits.NameColumns(layout.UnknownColumns)));

        var held = new List<string>();
        var notHeld = new List<string>();
        while (await file.NextAsync(ct)) PlanRow(file, builder, held, notHeld);
        if (file.IsWindows1252) builder.Note(BotText.Get("bulk.csv.encoding_assumed"));
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
