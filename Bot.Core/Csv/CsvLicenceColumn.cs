namespace LicenseBot.Core.Csv;

/// <summary>
/// A licence of the org as a Control Hub CSV column: its header is <c>name [subscription id]</c>,
/// with <c>(Suspended)</c> added for a suspended subscription, as Control Hub marks it.
/// </summary>
public sealed record CsvLicenceColumn(string LicenceId, string Name, string? SubscriptionId, bool Suspended = false, string? SiteUrl = null)
{
    public string Header => LicenceHeader.Format(this);
}
