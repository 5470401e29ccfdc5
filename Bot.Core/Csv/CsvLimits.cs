namespace LicenseBot.Core.Csv;

/// <summary>
/// What an uploaded CSV may hold: Control Hub's own limit of 20,000 users a file, a size cap (<c>Bot:MaxCsvBytes</c>),
/// and caps on columns and on the length of a cell the bot reads, so a hostile upload (a header of 400,000 columns,
/// a megabyte-long e-mail cell) is answered in time linear in its size and cannot fill memory, the disk or the answer.
/// Every refusal names the cap it hit.
/// </summary>
public sealed record CsvLimits(int MaxRows = CsvLimits.ControlHubMaxRows, long MaxBytes = CsvLimits.DefaultMaxBytes)
{
    public const int ControlHubMaxRows = 20_000;
    public const long DefaultMaxBytes = 16L * 1024 * 1024;

    /// <summary>A Control Hub export has a few dozen user columns and one per licence; 1,000 leaves room for any org.</summary>
    public const int DefaultMaxColumns = 1_000;

    /// <summary>Longest header or read cell (e-mail, licence), in characters; e-mail addresses stop at 254.</summary>
    public const int DefaultMaxFieldLength = 1_000;

    /// <summary>How many columns an answer names before saying "and N more".</summary>
    public const int NamedColumns = 20;

    public int MaxColumns { get; init; } = DefaultMaxColumns;

    public int MaxFieldLength { get; init; } = DefaultMaxFieldLength;

    public static CsvLimits Default { get; } = new();

    /// <summary>No limits: benchmarks and trusted, already checked input only.</summary>
    public static CsvLimits Unlimited { get; } = new(int.MaxValue, long.MaxValue) { MaxColumns = int.MaxValue, MaxFieldLength = int.MaxValue };

    /// <summary>
    /// Columns as an answer lists them: the first <see cref="NamedColumns"/> quoted (each cut to 60 characters), then how
    /// many more — so the answer stays short whatever the file.
    /// </summary>
    public static string NameColumns(IReadOnlyCollection<string> columns)
    {
        var named = string.Join(", ", columns.Take(NamedColumns).Select(c => $"'{(c.Length <= 60 ? c : c[..60] + "…")}'"));
        return columns.Count <= NamedColumns ? named : Text.BotText.Format("bulk.csv.more_columns", named, columns.Count - NamedColumns);
    }
}
