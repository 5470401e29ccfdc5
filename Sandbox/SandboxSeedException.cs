namespace LicenseBot.Sandbox;

/// <summary>One problem in a seed: which file, where in it (JSON path), and why.</summary>
public sealed record SeedError(string File, string Path, string Reason)
{
    public override string ToString() => $"{File}: {Path}: {Reason}";
}

/// <summary>The seed cannot be loaded; the host must not start. The message lists every problem found.</summary>
public sealed class SandboxSeedException : Exception
{
    public SandboxSeedException(IReadOnlyList<SeedError> errors, Exception? inner = null)
        : base("The sandbox seed is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)), inner)
    {
        Errors = errors;
    }

    public IReadOnlyList<SeedError> Errors { get; }
}
