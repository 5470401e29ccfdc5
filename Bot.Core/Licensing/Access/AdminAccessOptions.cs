using System.ComponentModel.DataAnnotations;
namespace LicenseBot.Core.Licensing.Access;

/// <summary>From config section <c>Bot</c> (besides <c>Bot:AllowedAdmins</c>, read from <see cref="Conversation.BotOptions"/>).</summary>
public sealed class AdminAccessOptions
{
    public const string Section = "Bot";

    /// <summary><c>Bot:AdminCacheTtl</c>: how long a role check is trusted before Webex is asked again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan AdminCacheTtl { get; set; } = TimeSpan.FromMinutes(2);
}
