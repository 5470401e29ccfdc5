namespace LicenseBot.Core.Csv;

/// <summary>
/// What an uploaded CSV may hold: Control Hub's own limit of 20,000 users a file, and a size cap
/// (<c>Bot:MaxCsvBytes</c>) so a hostile upload cannot fill memory or the disk.
/// </summary>
public sealed record CsvLimits(int MaxRows = CsvLimits.ControlHubMaxRows, long MaxBytes = CsvLimits.DefaultMaxBytes)
{
    public const int ControlHubMaxRows = 20_000;
    public const long DefaultMaxBytes = 16L * 1024 * 1024;

    public static CsvLimits Default { get; } = new();

    /// <summary>No limits: benchmarks and trusted, already checked input only.</summary>
    public static CsvLimits Unlimited { get; } = new(int.MaxValue, long.MaxValue);
}
