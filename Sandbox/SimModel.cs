using System.Text.Json;

namespace LicenseBot.Sandbox;

// The simulator's own records. Immutable: a change replaces the record, so that one record is one journal row.

public sealed record SimVoicemail(bool Enabled, bool PinSet);

public sealed record SimCalling(string? LocationId, string? PhoneNumber, string? Extension, SimVoicemail Voicemail);

public sealed record SimPerson
{
    public required string Id { get; init; }
    public required string Email { get; init; }
    public string? DisplayName { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public string Status { get; init; } = "active";
    public bool External { get; init; }
    /// <summary>A person of another org with an org id of their own (a partner's admin in a shared space); null: this org's, or a plain external user.</summary>
    public string? OrgId { get; init; }
    public bool InvitePending { get; init; }
    public string? Token { get; init; }
    public bool IsBot { get; init; }
    public IReadOnlyList<string> Licenses { get; init; } = [];
    public SimCalling? Calling { get; init; }
    public IReadOnlyList<string> SiteAdminOf { get; init; } = [];
    public IReadOnlyList<string> AttendeeSites { get; init; } = [];
    public string? PreferredLanguage { get; init; }
    public required string Created { get; init; }
    public string? LastModified { get; init; }

    /// <summary>A full admin of <em>this</em> org: a person of another org holds none of its rights, whatever roles they have at home.</summary>
    public bool IsFullAdmin => !External && OrgId is null && Roles.Any(r => string.Equals(r, "full_admin", StringComparison.OrdinalIgnoreCase));
}

public sealed record SimLicense(string Id, string Name, string? SubscriptionId, int TotalUnits, string? SiteUrl);

public sealed record SimRoom
{
    public required string Id { get; init; }
    public string? Title { get; init; }
    /// <summary><c>group</c> or <c>direct</c>.</summary>
    public required string Type { get; init; }
    /// <summary>Person ids, in the order they joined.</summary>
    public IReadOnlyList<string> Members { get; init; } = [];
    public string? CreatorId { get; init; }
    public required string Created { get; init; }
    public string? LastActivity { get; init; }
}

public sealed record SimMessage
{
    public required string Id { get; init; }
    /// <summary>Creation order across the whole org; newest first means highest first.</summary>
    public long Seq { get; init; }
    public required string RoomId { get; init; }
    public required string PersonId { get; init; }
    public string? ParentId { get; init; }
    public string? Text { get; init; }
    public string? Markdown { get; init; }
    public IReadOnlyList<JsonElement>? Attachments { get; init; }
    public IReadOnlyList<string> FileIds { get; init; } = [];
    public IReadOnlyList<string> MentionedPeople { get; init; } = [];
    public IReadOnlyList<string> MentionedGroups { get; init; } = [];
    public required string Created { get; init; }
    public string? Updated { get; init; }
    public int EditCount { get; init; }
}

public sealed record SimAttachmentAction
{
    public required string Id { get; init; }
    public required string MessageId { get; init; }
    public required string PersonId { get; init; }
    public required string RoomId { get; init; }
    public JsonElement Inputs { get; init; }
    public required string Created { get; init; }
}

public sealed record SimWebhook
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string TargetUrl { get; init; }
    public required string Resource { get; init; }
    public required string Event { get; init; }
    public string? Filter { get; init; }
    public string? Secret { get; init; }
    public string Status { get; init; } = "active";
    public required string OwnerId { get; init; }
    public required string Created { get; init; }
}

/// <summary>An uploaded file; its bytes live in <c>{DataDir}/files/{Id}</c>.</summary>
public sealed record SimContent(string Id, string RoomId, string FileName, string ContentType, long Length, string Created);

public enum SimIdentityKind { Person, Bot, ServiceApp }

/// <summary>Who a bearer token acts as.</summary>
public sealed record SimIdentity(SimIdentityKind Kind, string PersonId, bool IsFullAdmin)
{
    public bool IsBot => Kind == SimIdentityKind.Bot;
}

/// <summary>A device registration (WDM) of a person or the bot; its socket is the event socket.</summary>
public sealed record SimDevice
{
    public required string Id { get; init; }
    public required string OwnerId { get; init; }
    public string? Name { get; init; }
    public string? DeviceName { get; init; }
    public string? DeviceType { get; init; }
    public string? Model { get; init; }
    public string? LocalizedModel { get; init; }
    public string? SystemName { get; init; }
    public string? SystemVersion { get; init; }
    public required string Created { get; init; }
    public required string Modified { get; init; }
}
