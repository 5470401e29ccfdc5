namespace LicenseBot.Core.Licensing.Model;

public enum UserStatus
{
    Active,
    Pending,
    Inactive,
    Other,
}

public enum MeetingAccountType
{
    Host,
    Attendee,
}

/// <summary>A user's calling data: what is lost when the calling licence goes without a replacement (R5).</summary>
public sealed record CallingData(string? LocationId, string? PhoneNumber, string? Extension)
{
    /// <summary>Webex needs a number or an extension, and a location when there is no number (error 400411).</summary>
    public bool CanCarryOver => !string.IsNullOrEmpty(PhoneNumber) || (!string.IsNullOrEmpty(Extension) && !string.IsNullOrEmpty(LocationId));

    public bool IsEmpty => string.IsNullOrEmpty(LocationId) && string.IsNullOrEmpty(PhoneNumber) && string.IsNullOrEmpty(Extension);
}

/// <summary>A user as the licence flows see them.</summary>
public sealed record LicensedUser(
    string Id,
    string Email,
    string DisplayName,
    UserStatus Status,
    bool IsExternal,
    bool IsFullAdmin,
    IReadOnlyList<string> LicenceIds,
    CallingData? Calling,
    IReadOnlyList<string> AttendeeSites,
    IReadOnlyList<string> SiteAdminOf)
{
    public bool HasLicence(string id) => LicenceIds.Contains(id, StringComparer.Ordinal);

    public bool IsSiteAdminOf(string siteUrl) => SiteAdminOf.Contains(siteUrl, StringComparer.OrdinalIgnoreCase);
}
