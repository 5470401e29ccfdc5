namespace LicenseBot.Sandbox;

/// <summary>An org seed file (docs/sandbox.md, "The seed file"). Every collection may be absent.</summary>
public sealed record SeedDocument
{
    public SeedOrg? Org { get; init; }
    public SeedBot? Bot { get; init; }
    public List<SeedSubscription>? Subscriptions { get; init; }
    public List<SeedLocation>? Locations { get; init; }
    public List<SeedSite>? Sites { get; init; }
    public List<SeedLicense>? Licenses { get; init; }
    public List<SeedPerson>? People { get; init; }
    public List<SeedRoom>? Rooms { get; init; }
}

/// <summary><c>PreferredLanguage</c>: the org's default language for new users (Webex writes <c>en_US</c>, <c>nl_NL</c>).</summary>
public sealed record SeedOrg(string Id, string DisplayName, string? PreferredLanguage = null);

public sealed record SeedBot(string? Id, string? Email, string? DisplayName, string? Token);

/// <summary><c>Status</c>: active, suspended or cancelled.</summary>
public sealed record SeedSubscription(string Id, string? Status);

public sealed record SeedLocation(string Id, string? Name);

/// <summary>A meetings site; <c>AttendeeAccounts</c> is the attendee-account feature (rule R4).</summary>
public sealed record SeedSite(string Url, bool AttendeeAccounts);

public sealed record SeedLicense(string Id, string Name, string? SubscriptionId, int TotalUnits, string? SiteUrl = null);

public sealed record SeedVoicemail(bool Enabled, bool PinSet);

public sealed record SeedCalling(string? LocationId, string? PhoneNumber, string? Extension, SeedVoicemail? Voicemail);

public sealed record SeedPerson
{
    public string Id { get; init; } = "";
    public string Email { get; init; } = "";
    public string? DisplayName { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public List<string>? Roles { get; init; }
    public string? Status { get; init; }
    public bool External { get; init; }
    /// <summary>
    /// The org of a person who belongs to another org and is only met in spaces (a partner's administrator): found by id, not
    /// listed with this org's people, holding none of this org's rights; <c>Roles</c> are their roles at home. Implies external.
    /// </summary>
    public string? OrgId { get; init; }
    public bool? InvitePending { get; init; }
    public string? Token { get; init; }
    public List<string>? Licenses { get; init; }
    public SeedCalling? Calling { get; init; }
    public List<string>? SiteAdminOf { get; init; }
    /// <summary>Meeting sites on which the person has an attendee account.</summary>
    public List<string>? AttendeeSites { get; init; }
    /// <summary>The SCIM user's <c>preferredLanguage</c> (<c>nl_NL</c>, <c>en_US</c>); absent when the person never chose one.</summary>
    public string? PreferredLanguage { get; init; }
}

/// <summary><c>Members</c> are e-mail addresses (or person ids); <c>Type</c> is group or direct.</summary>
public sealed record SeedRoom(string Id, string? Title, string? Type, List<string>? Members);
