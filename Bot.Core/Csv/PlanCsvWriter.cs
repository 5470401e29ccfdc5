using System.Globalization;
using CsvHelper;

namespace LicenseBot.Core.Csv;

/// <summary>One line of a bulk plan file: what a row holds now, what it will hold, and why it will not run if it will not.</summary>
public sealed record PlanLine(int Row, string Email, string Before, string After, string Change, string? Problem);

/// <summary>Writes the full plan attached to a bulk plan card, escaped against formula injection like the results file.</summary>
public static class PlanCsvWriter
{
    public static readonly IReadOnlyList<string> Headers = ["Row", "Email", "Before", "After", "Change", "Problem"];

    public static async Task<int> WriteAsync(Stream destination, IEnumerable<PlanLine> lines, CancellationToken ct)
    {
        await using var writer = CsvWriter.Create(destination, ResultsCsvWriter.Options, leaveOpen: true);
        await writer.WriteRecordAsync(Headers.ToArray(), ct);
        var record = new string[Headers.Count];
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
