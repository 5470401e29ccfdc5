using System.Text.Json.Serialization;

namespace LicenseBot.Core.Webex.Models;

/// <summary>A person as <c>GET /people</c> returns it (admin spec, schema <c>Person</c>).</summary>
public sealed record WebexPerson
{
    public required string Id { get; init; }
    public IReadOnlyList<string> Emails { get; init; } = [];
    public IReadOnlyList<WebexPhoneNumber>? PhoneNumbers { get; init; }
    public string? Extension { get; init; }
    public string? LocationId { get; init; }
    public string? DisplayName { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? OrgId { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
    public IReadOnlyList<string>? Licenses { get; init; }
    /// <summary>Meeting site account types, as <c>site#attendee</c> or <c>site</c>.</summary>
    public IReadOnlyList<string>? SiteUrls { get; init; }
    public string? Created { get; init; }
    public string? LastModified { get; init; }
    /// <summary><c>active</c>, <c>inactive</c>, <c>pending</c>, …</summary>
    public string? Status { get; init; }
    /// <summary>The spec has "true"/"false" strings; SDKs send booleans. Both are read.</summary>
    [JsonConverter(typeof(FlexibleBoolConverter))]
    public bool? InvitePending { get; init; }
    [JsonConverter(typeof(FlexibleBoolConverter))]
    public bool? LoginEnabled { get; init; }
    /// <summary><c>person</c>, <c>bot</c> or <c>appuser</c>.</summary>
    public string? Type { get; init; }

    [JsonIgnore]
    public string PrimaryEmail => Emails.Count > 0 ? Emails[0] : string.Empty;

    [JsonIgnore]
    public string? WorkPhoneNumber => PhoneNumbers?.FirstOrDefault(p => p.Type == "work")?.Value;
}

public sealed record WebexPhoneNumber(string Type, string Value, bool? Primary = null);
