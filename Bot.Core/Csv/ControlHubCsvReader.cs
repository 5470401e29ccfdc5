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
                var layout = Map(Checked(reader.Headers, limits), separator, input.EncodingName, licences);
                return new ControlHubCsvFile(reader, layout, limits, () => input.IsWindows1252);
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

    /// <summary>The header within the caps on columns and cell length (checked before anything looks at a header).</summary>
    private static IReadOnlyList<string> Checked(IReadOnlyList<string> headers, CsvLimits limits)
    {
        if (headers.Count > limits.MaxColumns) throw new CsvFileException("bulk.csv.too_many_columns", headers.Count, limits.MaxColumns);
        foreach (var header in headers)
        {
            if (header.Length > limits.MaxFieldLength) throw new CsvFileException("bulk.csv.field_too_long", 1, header.Length, limits.MaxFieldLength);
        }
        return headers;
    }

    private static CsvLayout Map(IReadOnlyList<string> headers, char separator, string encodingName, IReadOnlyList<CsvLicenceColumn> licences)
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

        var found = CsvLimits.NameColumns(headers.Select(h => h.Trim()).Where(h => h.Length > 0).ToList());
        if (email < 0) throw new CsvFileException("bulk.csv.no_email_column", ControlHubColumns.Email, found.Length == 0 ? "–" : found);
        if (mapped.Count == 0) throw new CsvFileException("bulk.csv.no_licence_columns", found);
        return new CsvLayout(separator, encodingName, headers, email, mapped, indexes, unknown);
    }
}

/// <summary>
/// An opened upload: its <see cref="Layout"/>, and its rows read once, in order, as they stream in — either as
/// <see cref="CsvUserRow"/> records (<see cref="ReadRowsAsync"/>) or, for the planner, one row at a time through
/// <see cref="NextAsync"/> and buffers reused from row to row, so a 20,000-row file costs no objects per row.
/// </summary>
public sealed class ControlHubCsvFile(CsvReader reader, CsvLayout layout, CsvLimits limits, Func<bool>? readAsWindows1252 = null) : IAsyncDisposable
{
    private readonly CsvBool.Cell[] _cells = new CsvBool.Cell[layout.LicenceColumnIndexes.Count];
    private char[] _emailChars = new char[64];
    private int _emailStart;
    private int _emailLength;
    private int _count;

    public CsvLayout Layout { get; } = layout;

    /// <summary>
    /// True when the file was not UTF-8 and is read as Windows-1252 (Excel's plain "CSV" on Windows). Known for sure once
    /// every row is read: the first byte that is not UTF-8 may come late in the file.
    /// </summary>
    public bool IsWindows1252 => readAsWindows1252?.Invoke() ?? false;

    /// <summary>The current row's spreadsheet row number (the header is row 1).</summary>
    internal int Row { get; private set; }

    /// <summary>The current row's licence cells, aligned with <see cref="CsvLayout.Licences"/>; valid until the next row.</summary>
    internal ReadOnlySpan<CsvBool.Cell> Cells => _cells;

    /// <summary>The current row's e-mail address as written, cleaned as <see cref="CsvUserRow.Email"/> is; valid until the next row.</summary>
    internal ReadOnlySpan<char> Email => _emailChars.AsSpan(_emailStart, _emailLength);

    /// <summary>Why the current row cannot be used, or null.</summary>
    internal LocalText? Problem { get; private set; }

    public async IAsyncEnumerable<CsvUserRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        while (await NextAsync(ct))
            yield return new CsvUserRow(Row, Email.ToString(), _cells.ToArray(), Problem);
    }

    /// <summary>Moves to the next data row (rows of bare separators are skipped); false at the end of the file.</summary>
    internal async ValueTask<bool> NextAsync(CancellationToken ct)
    {
        while (true)
        {
            bool more;
            try
            {
                more = await reader.ReadAsync(ct);
            }
            catch (CsvFormatException)
            {
                throw new CsvFileException("bulk.csv.malformed");
            }
            if (!more) return false;
            if (ReadRow()) return true;
        }
    }

    /// <summary>Reads the current record into the row buffers; false for a row with nothing in it.</summary>
    private bool ReadRow()
    {
        var columns = Layout.LicenceColumnIndexes;
        CheckLength(Layout.EmailColumn);
        var blank = reader.IsEmpty(Layout.EmailColumn);
        LocalText? problem = null;
        for (var k = 0; k < columns.Count; k++)
        {
            CheckLength(columns[k]);
            var cell = CsvBool.Parse(reader.GetSpan(columns[k]));
            _cells[k] = cell;
            if (cell != CsvBool.Cell.Empty) blank = false;
            if (cell == CsvBool.Cell.Invalid && problem is null)
                problem = LocalText.Of("bulk.csv.row.bad_value", Layout.Licences[k].Header, Shorten(reader.GetString(columns[k])));
        }
        if (blank) return false; // Excel leaves rows of bare separators at the end of a sheet.

        if (++_count > limits.MaxRows) throw new CsvFileException("bulk.csv.too_many_rows", limits.MaxRows);
        Row = (int)reader.LineNumber;
        ReadEmail();
        var email = Email;
        if (email.Length == 0) problem = LocalText.Of("bulk.csv.row.no_email");
        else if (!LooksLikeEmail(email)) problem = LocalText.Of("bulk.csv.row.bad_email", Shorten(email.ToString()));
        Problem = problem;
        return true;
    }

    /// <summary>A cell the bot reads longer than the cap refuses the file, naming the row (measured in UTF-8 bytes first: no decoding).</summary>
    private void CheckLength(int column)
    {
        var utf8 = reader.GetSpan(column);
        if (utf8.Length <= limits.MaxFieldLength) return;
        var chars = System.Text.Encoding.UTF8.GetCharCount(utf8);
        if (chars > limits.MaxFieldLength) throw new CsvFileException("bulk.csv.field_too_long", reader.LineNumber, chars, limits.MaxFieldLength);
    }

    /// <summary>
    /// The e-mail cell into the reused char buffer, trimmed, without the leading apostrophe with which a spreadsheet
    /// (and our own export) keeps a value from being read as a formula.
    /// </summary>
    private void ReadEmail()
    {
        var utf8 = reader.GetSpan(Layout.EmailColumn);
        if (_emailChars.Length < utf8.Length) _emailChars = new char[Math.Max(utf8.Length, _emailChars.Length * 2)];
        var chars = _emailChars.AsSpan(0, reader.GetChars(Layout.EmailColumn, _emailChars));
        var (start, end) = Trimmed(chars, 0, chars.Length);
        if (start < end && chars[start] == '\'') (start, end) = Trimmed(chars, start + 1, end);
        (_emailStart, _emailLength) = (start, end - start);
    }

    /// <summary>The bounds of <paramref name="chars"/>[start..end] without the white space <see cref="string.Trim()"/> removes.</summary>
    private static (int Start, int End) Trimmed(ReadOnlySpan<char> chars, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(chars[start])) start++;
        while (end > start && char.IsWhiteSpace(chars[end - 1])) end--;
        return (start, end);
    }

    private static bool LooksLikeEmail(ReadOnlySpan<char> email)
    {
        var at = email.IndexOf('@');
        if (at <= 0 || at >= email.Length - 1 || email[(at + 1)..].Contains('@')) return false;
        foreach (var c in email)
            if (char.IsWhiteSpace(c)) return false;
        return true;
    }

    private static string Shorten(string? value)
    {
        var text = value ?? string.Empty;
        return text.Length <= 40 ? text : text[..40] + "…";
    }

    public ValueTask DisposeAsync() => reader.DisposeAsync();
}
