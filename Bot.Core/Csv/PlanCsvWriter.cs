using System.Globalization;
using CsvHelper;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Csv;

/// <summary>One line of a bulk plan file: what a row holds now, what it will hold, and why it will not run if it will not.</summary>
public sealed record PlanLine(int Row, string Email, string Before, string After, string Change, string? Problem);

/// <summary>Writes the full plan attached to a bulk plan card, escaped against formula injection like the results file.</summary>
public static class PlanCsvWriter
{
    /// <summary>The column headers, in the current language.</summary>
    public static IReadOnlyList<string> Headers =>
    [
        BotText.Get("csvfile.header.row"), BotText.Get("csvfile.header.email"), BotText.Get("csvfile.header.before"), BotText.Get("csvfile.header.after"),
        BotText.Get("csvfile.header.change"), BotText.Get("csvfile.header.problem"),
    ];

    public static async Task<int> WriteAsync(Stream destination, IEnumerable<PlanLine> lines, CancellationToken ct)
    {
        await using var writer = CsvWriter.Create(destination, ResultsCsvWriter.Options, leaveOpen: true);
        var headers = Headers;
        await writer.WriteRecordAsync(headers.ToArray(), ct);
        var record = new string[headers.Count];
        var count = 0;
        foreach (var line in lines)
        {
            record[0] = line.Row.ToString(CultureInfo.InvariantCulture);
            record[1] = line.Email;
            record[2] = line.Before;
            record[3] = line.After;
            record[4] = line.Change;
            record[5] = line.Problem ?? string.Empty;
            await writer.WriteRecordAsync(record, ct);
            count++;
        }
        await writer.FlushAsync(ct);
        return count;
    }
}
