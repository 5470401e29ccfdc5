namespace LicenseBot.Core.Conversation;

/// <summary>The <c>Bot</c> configuration section.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>How long a confirmation card can be used. Default 10 minutes.</summary>
    public TimeSpan ConfirmationTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>E-mail addresses or Webex person ids allowed to change licences even when they are not full admins of the org (e.g. a partner's administrator, admitted on purpose).</summary>
    public IList<string> AllowedAdmins { get; set; } = [];

    /// <summary>Largest CSV upload the bot reads, in bytes. Default 5 MB.</summary>
    public long MaxCsvBytes { get; set; } = 5 * 1024 * 1024;
}
