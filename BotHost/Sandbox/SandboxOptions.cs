namespace LicenseBot.Host.Sandbox;

/// <summary>The <c>Sandbox:*</c> settings (docs/sandbox.md, "Starting it").</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    public bool? Enabled { get; set; }
    public string? SeedFile { get; set; }
    public int RateLimitPerSecond { get; set; }
    public double FaultRate { get; set; }
    public int LatencyMs { get; set; }
    public double PartialRate { get; set; }
    public string? DataDir { get; set; }
    public bool Reset { get; set; }

    /// <summary>Seed of the simulator's random choices (faults, partial PATCHes); unset means unpredictable.</summary>
    public int? RandomSeed { get; set; }
}
