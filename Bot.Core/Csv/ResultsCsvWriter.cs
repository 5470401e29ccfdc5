using System.Globalization;
using CsvHelper;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Csv;

/// <summary>One line of a bulk job's results file.</summary>
public sealed record ResultLine(int Row, string Email, string Before, string After, string Outcome, string? Error, string? TrackingId);

/// <summary>
/// Writes the results (or plan) file posted at the end of a bulk job. Every text cell that starts with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR gets a leading apostrophe, so a spreadsheet shows it as
/// text instead of running it: e-mails, names and Webex's messages are not ours to trust.
/// </summary>
public static class ResultsCsvWriter
{
    /// <summary>The column headers, in the current language.</summary>
    public static IReadOnlyList<string> Headers =>
    [
        BotText.Get("csvfile.header.row"), BotText.Get("csvfile.header.email"), BotText.Get("csvfile.header.before"), BotText.Get("csvfile.header.after"),
        BotText.Get("csvfile.header.outcome"), BotText.Get("csvfile.header.error"), BotText.Get("csvfile.header.tracking"),
    ];

    public static CsvWriterOptions Options { get; } = CsvWriterOptions.Default with
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
        InjectionCharacters = "=+-@\t\r",
    };

    public static async Task<int> WriteAsync(Stream destination, IAsyncEnumerable<ResultLine> lines, CancellationToken ct)
    {
        await using var writer = CsvWriter.Create(destination, Options, leaveOpen: true);
        var headers = Headers;
        await writer.WriteRecordAsync(headers.ToArray(), ct);
        var record = new string[headers.Count];
        var count = 0;
        await foreach (var line in lines.WithCancellation(ct))
        {
            record[0] = line.Row.ToString(CultureInfo.InvariantCulture);
            record[1] = line.Email;
            record[2] = line.Before;
            record[3] = line.After;
            record[4] = line.Outcome;
            record[5] = line.Error ?? string.Empty;
            record[6] = line.TrackingId ?? string.Empty;
            await writer.WriteRecordAsync(record, ct);
            count++;
        }
        await writer.FlushAsync(ct);
        return count;
    }
}
