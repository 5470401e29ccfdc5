namespace LicenseBot.Core.Webex.Models;

/// <summary>A licence as <c>GET /licenses</c> and <c>GET /licenses/{id}</c> return it (schemas <c>License</c>, <c>LicensewithUsers</c>).</summary>
public sealed record WebexLicense
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public int TotalUnits { get; init; }
    public int ConsumedUnits { get; init; }
    public int? ConsumedByUsers { get; init; }
    public int? ConsumedByWorkspaces { get; init; }
    public string? SubscriptionId { get; init; }
    public string? SiteUrl { get; init; }
    public string? SiteType { get; init; }
    /// <summary>Only with <c>includeAssignedTo=user</c>; one page of it per response.</summary>
    public IReadOnlyList<WebexLicenseUser>? Users { get; init; }
}

/// <summary>One assignee of a licence; <c>Type</c> is <c>INTERNAL</c> or <c>EXTERNAL</c>.</summary>
public sealed record WebexLicenseUser(string Id, string Type, string? DisplayName, string? Email);

/// <summary>Body of <c>PATCH /licenses/users</c> (schema <c>PatchUserLicenses</c>).</summary>
public sealed record LicensePatchRequest
{
    public string? Email { get; init; }
    public string? PersonId { get; init; }
    public string? OrgId { get; init; }
    public IReadOnlyList<LicenseOperationRequest> Licenses { get; init; } = [];
    public IReadOnlyList<SiteUrlRequest>? SiteUrls { get; init; }
}

/// <summary><c>Operation</c> is <c>add</c> (the default) or <c>remove</c>.</summary>
public sealed record LicenseOperationRequest(string Id, string? Operation = "add", LicenseProperties? Properties = null);

/// <summary>Calling properties; every calling licence added needs its own (Webex error 400411).</summary>
public sealed record LicenseProperties(string? LocationId = null, string? PhoneNumber = null, string? Extension = null);

/// <summary>Attendee access on a meetings site (schema <c>SiteUrlsRequest</c>); <c>Operation</c> is <c>add</c> or <c>remove</c>.</summary>
public sealed record SiteUrlRequest(string SiteUrl, string AccountType = "attendee", string? Operation = "add");

/// <summary>Answer of <c>PATCH /licenses/users</c> (schema <c>UserLicensesResponse</c>).</summary>
public sealed record UserLicensesResponse
{
    public string? OrgId { get; init; }
    public string? PersonId { get; init; }
    public string? Email { get; init; }
    public IReadOnlyList<string> Licenses { get; init; } = [];
    public IReadOnlyList<SiteResponse>? SiteUrls { get; init; }
    public IReadOnlyList<string>? PendingLicenses { get; init; }
    public IReadOnlyList<SiteResponse>? PendingSiteUrls { get; init; }
}

public sealed record SiteResponse(string SiteUrl, string AccountType);
