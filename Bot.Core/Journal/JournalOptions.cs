using System.ComponentModel.DataAnnotations;

namespace LicenseBot.Core.Journal;

/// <summary>
/// How a journaled two-step operation is run, retried and resumed: the settings every feature's section over the
/// journal carries (<c>Reset</c>, <c>Repair</c>), each under its own section name and validated at start.
/// </summary>
public abstract class JournalOptions
{
    /// <summary>How often the background runner looks for operations to resume. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a runner holds an operation it works on; a host that dies holding one frees it after this. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Wait before trying a failed step again. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts before the runner gives up and tells the admin what to finish by hand. Default 30.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 30;
}
