namespace LicenseBot.Core.Features.Repair;

/// <summary>Config section <c>Repair</c>: when <c>repair</c> is offered (R9), and how its journaled steps are retried and resumed.</summary>
public sealed class RepairOptions
{
    public const string Section = "Repair";

    /// <summary>How long after the bot added a calling licence it may still be removed and assigned again. Default 24 hours; at most 7 days.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the background runner looks for repairs to resume. Default 30 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a runner holds a repair it works on; a host that dies holding one frees it after this. Default 2 minutes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Wait before trying a failed step again. Default 1 minute.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts before the runner gives up and tells the admin what to assign by hand. Default 30.</summary>
    public int MaxAttempts { get; set; } = 30;

    /// <summary>Why these options cannot be used, or null when they can.</summary>
    public string? Problem() =>
        Window <= TimeSpan.Zero || Window > TimeSpan.FromDays(7) ? "Repair:Window must be more than 0 and at most 7 days (e.g. 24:00:00)."
        : PollInterval <= TimeSpan.Zero || LeaseDuration <= TimeSpan.Zero || RetryDelay < TimeSpan.Zero ? "Repair:PollInterval and Repair:LeaseDuration must be more than 0, Repair:RetryDelay 0 or more."
        : MaxAttempts < 1 ? "Repair:MaxAttempts must be 1 or more."
        : null;
}
