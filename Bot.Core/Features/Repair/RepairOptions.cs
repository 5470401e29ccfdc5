using System.ComponentModel.DataAnnotations;
using LicenseBot.Core.Journal;

namespace LicenseBot.Core.Features.Repair;

/// <summary>
/// Config section <c>Repair</c>: when <c>repair</c> is offered (R9, <c>Repair:Window</c>), and how its journaled steps
/// are retried and resumed (<c>Repair:PollInterval</c>, <c>Repair:LeaseDuration</c>, <c>Repair:RetryDelay</c>,
/// <c>Repair:MaxAttempts</c>; see <see cref="JournalOptions"/>).
/// </summary>
public sealed class RepairOptions : JournalOptions
{
    public const string Section = "Repair";

    /// <summary>How long after the bot added a calling licence it may still be removed and assigned again. Default 24 hours; at most 7 days.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);
}
