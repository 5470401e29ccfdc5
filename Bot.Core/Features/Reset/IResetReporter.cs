using LicenseBot.Core.Journal;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Reset;

public enum ResetReportKind
{
    /// <summary>The user is pending again with the chosen licences.</summary>
    Done,
    /// <summary>The user changed after the confirmation; nothing was sent.</summary>
    Stale,
    /// <summary>A step failed; the runner tries again.</summary>
    Retrying,
    /// <summary>The runner stopped trying; the admin must finish by hand.</summary>
    GaveUp,
}

/// <summary>What the admin should hear about a reset: the operation as journaled, and for a failure the reason (put into words by the reporter, in the reader's language).</summary>
public sealed record ResetReport(ResetReportKind Kind, ResetOperation Operation, bool Resumed, LocalText? Reason = null);

/// <summary>Tells the admin, in the thread where the reset was confirmed, how it went (implemented by the conversation side).</summary>
public interface IResetReporter
{
    Task ReportAsync(ResetReport report, CancellationToken ct);
}
