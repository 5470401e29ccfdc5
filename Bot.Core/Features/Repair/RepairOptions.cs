using System.ComponentModel.DataAnnotations;

namespace LicenseBot.Core.Features.Repair;

/// <summary>Config section <c>Repair</c>: when <c>repair</c> is offered (R9), and how its journaled steps are retried and resumed.</summary>
public sealed class RepairOptions
{
    public const string Section = "Repair";

    /// <summary>How long after the bot added a calling licence it may still be removed and assigned again. Default 24 hours; at most 7 days.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the background runner looks for repairs to resume. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a runner holds a repair it works on; a host that dies holding one frees it after this. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Wait before trying a failed step again. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts before the runner gives up and tells the admin what to assign by hand. Default 30.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 30;
}
