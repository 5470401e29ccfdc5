using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Csv;

/// <summary>
/// Reads a Control Hub users CSV (an export the admin edited) as a stream of rows: UTF-8 with or without a
/// byte order mark or UTF-16 with one; <c>,</c>, <c>;</c> or tab separated; CRLF or LF. Licence columns are
/// mapped to the org's licences by <c>name [subscription]</c>; other columns are ignored and listed.
/// Whole-file problems throw <see cref="CsvFileException"/>; row problems travel with their row.
/// </summary>
public static class ControlHubCsvReader
{
    public static async Task<ControlHubCsvFile> OpenAsync(Stream source, IReadOnlyList<CsvLicenceColumn> licences, CsvLimits limits, CancellationToken ct)
    {
        var input = await CsvInputStream.OpenAsync(source, limits.MaxBytes, ct);
        try
        {
            var firstLine = input.FirstLine();
            if (string.IsNullOrWhiteSpace(firstLine.Replace(",", "").Replace(";", "").Replace("\t", "")))
                throw new CsvFileException("bulk.csv.empty");
            var separator = SeparatorSniffer.Sniff(firstLine);
            var options = CsvReaderOptions.Default with
            {
                Separator = separator,
                HasHeader = true,
                TrackLineNumbers = true,
                SkipEmptyLines = true,
                TrimWhitespace = true,
                MaxRecordSize = 1024 * 1024,
            };
            var reader = CsvReader.Create(input, options, leaveOpen: false);
            try
            {
                await reader.ReadHeaderAsync(ct);
                var layout = Map(reader.Headers, separator, input.TextEncoding, licences);
                return new ControlHubCsvFile(reader, layout, limits);
            }
            catch
            {
                await reader.DisposeAsync();
                throw;
            }
        }
        catch (CsvFormatException)
        {
            await input.DisposeAsync();
            throw new CsvFileException("bulk.csv.malformed");
        }
        catch
        {
            await input.DisposeAsync();
            throw;
        }
    }

    private static CsvLayout Map(IReadOnlyList<string> headers, char separator, Encoding encoding, IReadOnlyList<CsvLicenceColumn> licences)
    {
        var email = -1;
        var mapped = new List<CsvLicenceColumn>();
        var indexes = new List<int>();
        var unknown = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim();
            if (header.Length == 0) continue;
            if (email < 0 && ControlHubColumns.IsEmail(header)) { email = i; continue; }
            if (ControlHubColumns.IsKnownAttribute(header)) continue;
            var licence = LicenceHeader.Match(header, licences);
            if (licence is null) { unknown.Add(header); continue; }
            if (mapped.Contains(licence)) throw new CsvFileException("bulk.csv.duplicate_column", licence.Header);
            mapped.Add(licence);
            indexes.Add(i);
        }

        var found = string.Join(", ", headers.Where(h => h.Trim().Length > 0).Select(h => $"'{h.Trim()}'"));
        if (email < 0) throw new CsvFileException("bulk.csv.no_email_column", ControlHubColumns.Email, found.Length == 0 ? "–" : found);
        if (mapped.Count == 0) throw new CsvFileException("bulk.csv.no_licence_columns", found);
        var encodingName = encoding is UnicodeEncoding ? "UTF-16" : "UTF-8";
        return new CsvLayout(separator, encodingName, headers, email, mapped, indexes, unknown);
    }
}

/// <summary>An opened upload: its <see cref="Layout"/>, and its rows read once, in order, as they stream in.</summary>
public sealed class ControlHubCsvFile(CsvReader reader, CsvLayout layout, CsvLimits limits) : IAsyncDisposable
{
    public CsvLayout Layout { get; } = layout;

    public async IAsyncEnumerable<CsvUserRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var count = 0;
        var columns = Layout.LicenceColumnIndexes;
        bool more;
        while (true)
        {
            try
            {
                more = await reader.ReadAsync(ct);
            }
            catch (CsvFormatException)
            {
                throw new CsvFileException("bulk.csv.malformed");
            }
            if (!more) yield break;

            var cells = new CsvBool.Cell[columns.Count];
            var blank = reader.IsEmpty(Layout.EmailColumn);
            string? problem = null;
            for (var k = 0; k < columns.Count; k++)
            {
                var cell = CsvBool.Parse(reader.GetSpan(columns[k]));
                cells[k] = cell;
                if (cell != CsvBool.Cell.Empty) blank = false;
                if (cell == CsvBool.Cell.Invalid && problem is null)
                    problem = BotText.Format("bulk.csv.row.bad_value", Layout.Licences[k].Header, Shorten(reader.GetString(columns[k])));
            }
            if (blank) continue; // Excel leaves rows of bare separators at the end of a sheet.

            if (++count > limits.MaxRows) throw new CsvFileException("bulk.csv.too_many_rows", limits.MaxRows);
            var row = (int)reader.LineNumber;
            var email = CleanEmail(reader.GetString(Layout.EmailColumn));
            if (email.Length == 0) problem = BotText.Get("bulk.csv.row.no_email");
            else if (!LooksLikeEmail(email)) problem = BotText.Format("bulk.csv.row.bad_email", Shorten(email));
            yield return new CsvUserRow(row, email, cells, problem);
        }
    }

    /// <summary>A leading apostrophe is how a spreadsheet (and our own export) keeps a value from being read as a formula.</summary>
    private static string CleanEmail(string? raw)
    {
        var email = (raw ?? string.Empty).Trim();
        return email.StartsWith('\'') ? email[1..].Trim() : email;
    }

    private static bool LooksLikeEmail(string email)
    {
        var at = email.IndexOf('@');
        return at > 0 && at < email.Length - 1 && email.IndexOf('@', at + 1) < 0 && !email.Any(char.IsWhiteSpace);
    }

    private static string Shorten(string? value)
    {
        var text = value ?? string.Empty;
        return text.Length <= 40 ? text : text[..40] + "…";
    }

    public ValueTask DisposeAsync() => reader.DisposeAsync();
}
