using System.ComponentModel.DataAnnotations;
namespace LicenseBot.Core.Conversation;

/// <summary>The <c>Bot</c> configuration section.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>How long a confirmation card can be used. Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ConfirmationTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>E-mail addresses or Webex person ids allowed to change licences even when they are not full admins of the org (e.g. a partner's administrator, admitted on purpose).</summary>
    public IList<string> AllowedAdmins { get; set; } = [];

    /// <summary>Largest CSV upload the bot reads, in bytes. Default 5 MB.</summary>
    [Range(1L, 100L * 1024 * 1024)]
    public long MaxCsvBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Webhook events waiting to be handled before new ones are refused with 503 (Webex redelivers). Default 1000.</summary>
    [Range(1, 1_000_000)]
    public int EventQueueCapacity { get; set; } = 1000;

    /// <summary>Spaces whose events are handled at the same time (each space's events stay in order). Default 4.</summary>
    [Range(1, 256)]
    public int MaxParallelRooms { get; set; } = 4;
}
