namespace LicenseBot.Sandbox;

/// <summary>The simulator's dice (faults, partial PATCHes); seedable so tests are deterministic.</summary>
public sealed class SandboxRandom(int? seed)
{
    private readonly Random _random = seed is { } s ? new Random(s) : new Random();
    private readonly Lock _gate = new();

    /// <summary>True with probability <paramref name="rate"/> (0 never, 1 always).</summary>
    public bool Chance(double rate)
    {
        if (rate <= 0) return false;
        if (rate >= 1) return true;
        lock (_gate) return _random.NextDouble() < rate;
    }
}
