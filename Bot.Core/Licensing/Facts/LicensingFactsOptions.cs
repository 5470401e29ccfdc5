using LicenseBot.Core.Licensing.Model;

namespace LicenseBot.Core.Licensing.Facts;

/// <summary>
/// Config section <c>Licensing</c>: what Webex does not report. <c>Licensing:Subscriptions:Sub-OLD=Suspended</c>,
/// <c>Licensing:Sites:acme.webex.com:AttendeeAccounts=true</c>, <c>Licensing:Sites:acme.webex.com:Admins:0=P-ID</c>,
/// <c>Licensing:Locations:{locationId}=Amsterdam</c> (the names of calling locations, as Control Hub shows them).
/// A subscription not listed is active; a site not listed does not offer attendee accounts.
/// </summary>
public sealed class LicensingFactsOptions
{
    public const string Section = "Licensing";

    public Dictionary<string, SubscriptionState> Subscriptions { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, MeetingSiteOptions> Sites { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Calling location id → name; a location not listed is shown as "not named".</summary>
    public Dictionary<string, string> Locations { get; init; } = new(StringComparer.Ordinal);
}

public sealed class MeetingSiteOptions
{
    public bool AttendeeAccounts { get; init; }

    /// <summary>Person ids (or e-mail addresses) of the site's administrators.</summary>
    public List<string> Admins { get; init; } = [];
}
