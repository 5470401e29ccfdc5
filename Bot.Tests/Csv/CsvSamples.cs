using System.Text;
using LicenseBot.Core.Csv;

namespace LicenseBot.Tests.Csv;

/// <summary>An org's licences as CSV columns, and helpers to turn text into uploads.</summary>
internal static class CsvSamples
{
    public static readonly CsvLicenceColumn ProOld = new("L-CALL-PRO-OLD", "Webex Calling - Professional", "Sub-OLD");
    public static readonly CsvLicenceColumn ProNew = new("L-CALL-PRO-NEW", "Webex Calling - Professional", "Sub-NEW");
    public static readonly CsvLicenceColumn Meetings = new("L-MTG-OLD", "Meeting - Webex Meetings", "Sub-OLD", SiteUrl: "acme.webex.com");
    public static readonly CsvLicenceColumn ProSuspended = new("L-CALL-PRO-SUSP", "Webex Calling - Professional", "Sub-SUSP", Suspended: true);

    public static readonly IReadOnlyList<CsvLicenceColumn> Licences = [ProOld, ProNew, Meetings, ProSuspended];

    public static Stream Utf8(string text, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new MemoryStream(bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
    }

    public static Stream Utf16(string text, bool bigEndian = false)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        return new MemoryStream([.. encoding.GetPreamble(), .. encoding.GetBytes(text)]);
    }

    public static async Task<(CsvLayout Layout, List<CsvUserRow> Rows)> ReadAllAsync(Stream upload, CsvLimits? limits = null)
    {
        await using var file = await ControlHubCsvReader.OpenAsync(upload, Licences, limits ?? CsvLimits.Default, CancellationToken.None);
        var rows = new List<CsvUserRow>();
        await foreach (var row in file.ReadRowsAsync(CancellationToken.None)) rows.Add(row);
        return (file.Layout, rows);
    }

    public static async Task<CsvFileException> RefusedAsync(Stream upload, CsvLimits? limits = null) =>
        await Assert.ThrowsAsync<CsvFileException>(() => ReadAllAsync(upload, limits));
}
