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
}
