using CsvHelper;

namespace LicenseBot.Core.Csv;

/// <summary>One user of an export: attributes Control Hub shows, and the ids of the licences the user holds.</summary>
public sealed record ExportUser(string Email, string? FirstName, string? LastName, string? DisplayName, string? Status, IReadOnlySet<string> LicenceIds);

/// <summary>
/// Writes a Control Hub-style users CSV: e-mail, name and status columns, then one <c>TRUE</c>/<c>FALSE</c>
/// column per licence headed <c>name [subscription]</c>. Rows stream to the destination as users arrive,
/// so an org of 20,000 users is never held as a file in memory. UTF-8 with a byte order mark, so Excel
/// opens names with accents correctly; text cells that a spreadsheet would run as a formula are escaped.
/// </summary>
public static class ControlHubCsvWriter
{
    public static readonly IReadOnlyList<string> AttributeHeaders =
        [ControlHubColumns.Email, ControlHubColumns.FirstName, ControlHubColumns.LastName, ControlHubColumns.DisplayName, ControlHubColumns.UserStatus];

    public static async Task<int> WriteAsync(Stream destination, IReadOnlyList<CsvLicenceColumn> licences, IAsyncEnumerable<ExportUser> users, CancellationToken ct)
    {
        var options = CsvWriterOptions.Default with { WriteByteOrderMark = true, Injection = CsvInjection.Escape };
        await using var writer = CsvWriter.Create(destination, options, leaveOpen: true);
        var record = new string[AttributeHeaders.Count + licences.Count];
        for (var i = 0; i < AttributeHeaders.Count; i++) record[i] = AttributeHeaders[i];
        LicenceHeader.FormatAll(licences).ToArray().CopyTo(record, AttributeHeaders.Count);
        await writer.WriteRecordAsync(record, ct);

        var count = 0;
        await foreach (var user in users.WithCancellation(ct))
        {
            record[0] = user.Email;
            record[1] = user.FirstName ?? string.Empty;
            record[2] = user.LastName ?? string.Empty;
            record[3] = user.DisplayName ?? string.Empty;
            record[4] = user.Status ?? string.Empty;
            for (var k = 0; k < licences.Count; k++)
                record[AttributeHeaders.Count + k] = CsvBool.Format(user.LicenceIds.Contains(licences[k].LicenceId));
            await writer.WriteRecordAsync(record, ct);
            count++;
        }
        await writer.FlushAsync(ct);
        return count;
    }
}
