using LicenseBot.Core.Journal;

namespace LicenseBot.Core.Features.Reset;

/// <summary>
/// Config section <c>Reset</c>: how the journal runner retries and resumes external-user resets
/// (<c>Reset:PollInterval</c>, <c>Reset:LeaseDuration</c>, <c>Reset:RetryDelay</c>, <c>Reset:MaxAttempts</c>; see <see cref="JournalOptions"/>).
/// </summary>
public sealed class ResetOptions : JournalOptions
{
    public const string Section = "Reset";
}
