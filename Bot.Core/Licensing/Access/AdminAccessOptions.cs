namespace LicenseBot.Core.Licensing.Access;

/// <summary>From config section <c>Bot</c>: who may change licences besides the org's full admins.</summary>
public sealed class AdminAccessOptions
{
    public const string Section = "Bot";

    /// <summary><c>Bot:AllowedAdmins</c>: e-mail addresses or person ids allowed to use the licence commands.</summary>
    public List<string> AllowedAdmins { get; set; } = [];

    /// <summary><c>Bot:AdminCacheTtl</c>: how long a role check is trusted before Webex is asked again.</summary>
    public TimeSpan AdminCacheTtl { get; set; } = TimeSpan.FromMinutes(2);
}
