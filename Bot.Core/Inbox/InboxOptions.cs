using System.ComponentModel.DataAnnotations;

namespace LicenseBot.Core.Inbox;

/// <summary>The <c>Inbox</c> configuration section: how stored events are handled.</summary>
public sealed class InboxOptions
{
    public const string Section = "Inbox";

    /// <summary>
    /// Spaces whose events are handled at the same time by one instance (each space's events stay in order). Default 4;
    /// at most one per core while the process keeps every core busy (<see cref="CpuSaturation"/>).
    /// </summary>
    [Range(1, 64)]
    public int MaxParallelSpaces { get; set; } = 4;

    /// <summary>How long a claimed event is held by its instance without renewal; a crashed instance's event is taken over after it. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the worker looks for events without being woken (events stored by another instance, leases run out). Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most events (and completions) written in one transaction of the group commit. Default 256.</summary>
    [Range(1, 1000)]
    public int MaxBatch { get; set; } = 256;

    /// <summary>An event whose turn was started this many times without finishing (each start crashed an instance) is set aside as handled. Default 5.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long handled events are kept, so a redelivery is recognised. Default 7 days (Webex does not redeliver that late).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan KeepHandled { get; set; } = TimeSpan.FromDays(7);
}
