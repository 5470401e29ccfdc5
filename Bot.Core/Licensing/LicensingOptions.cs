namespace LicenseBot.Core.Licensing;

/// <summary>Config section <c>Licensing</c> (besides the facts Webex does not report).</summary>
public sealed class LicensingOptions
{
    public const string Section = "Licensing";

    /// <summary>The org the admin token manages; people of another org are shown as external. Optional.</summary>
    public string? OrgId { get; set; }
}
