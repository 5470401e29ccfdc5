using System.Text.Json;

namespace LicenseBot.Core.Webex.Models;

public sealed record WebexRoom
{
    public required string Id { get; init; }
    public string? Title { get; init; }
    /// <summary><c>direct</c> or <c>group</c>.</summary>
    public string? Type { get; init; }
    public bool? IsLocked { get; init; }
    public string? LastActivity { get; init; }
    public string? CreatorId { get; init; }
    public string? Created { get; init; }
}

public sealed record WebexMembership
{
    public required string Id { get; init; }
    public required string RoomId { get; init; }
    public string? PersonId { get; init; }
    public string? PersonEmail { get; init; }
    public string? PersonDisplayName { get; init; }
    public string? PersonOrgId { get; init; }
    public bool? IsModerator { get; init; }
    public string? RoomType { get; init; }
    public string? Created { get; init; }
}

public sealed record WebexMessage
{
    public required string Id { get; init; }
    public string? ParentId { get; init; }
    public string? RoomId { get; init; }
    public string? RoomType { get; init; }
    public string? ToPersonId { get; init; }
    public string? ToPersonEmail { get; init; }
    public string? Text { get; init; }
    public string? Markdown { get; init; }
    public string? Html { get; init; }
    /// <summary>Content URLs: <c>{base}/contents/{id}</c>.</summary>
    public IReadOnlyList<string>? Files { get; init; }
    public IReadOnlyList<MessageAttachment>? Attachments { get; init; }
    public string? PersonId { get; init; }
    public string? PersonEmail { get; init; }
    public IReadOnlyList<string>? MentionedPeople { get; init; }
    public IReadOnlyList<string>? MentionedGroups { get; init; }
    public string? Created { get; init; }
    public string? Updated { get; init; }
}

/// <summary>A card attachment: <c>contentType</c> <c>application/vnd.microsoft.card.adaptive</c>, <c>content</c> the card JSON.</summary>
public sealed record MessageAttachment(string ContentType, JsonElement Content)
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";
}

/// <summary>JSON body of <c>POST /messages</c>.</summary>
public sealed record CreateMessageRequest
{
    public string? RoomId { get; init; }
    public string? ParentId { get; init; }
    public string? ToPersonId { get; init; }
    public string? ToPersonEmail { get; init; }
    public string? Text { get; init; }
    public string? Markdown { get; init; }
    public IReadOnlyList<MessageAttachment>? Attachments { get; init; }
}

/// <summary>JSON body of <c>PUT /messages/{id}</c>: text only.</summary>
public sealed record UpdateMessageRequest(string RoomId, string? Text = null, string? Markdown = null);

/// <summary>A card submit (schema <c>AttachmentActivity</c>); <c>Inputs</c> holds the inputs merged with the action's data, values as strings.</summary>
public sealed record WebexAttachmentAction
{
    public required string Id { get; init; }
    public string Type { get; init; } = "submit";
    public required string MessageId { get; init; }
    public string? PersonId { get; init; }
    public string? RoomId { get; init; }
    public JsonElement? Inputs { get; init; }
    public string? Created { get; init; }
}

public sealed record CreateAttachmentActionRequest(string Type, string MessageId, JsonElement Inputs);

public sealed record WebexWebhook
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string TargetUrl { get; init; }
    public required string Resource { get; init; }
    public required string Event { get; init; }
    public string? Filter { get; init; }
    public string? Secret { get; init; }
    public string? Status { get; init; }
    public string? Created { get; init; }
    public string? OwnedBy { get; init; }
    public string? OrgId { get; init; }
    public string? CreatedBy { get; init; }
    public string? AppId { get; init; }
}

public sealed record CreateWebhookRequest(string Name, string TargetUrl, string Resource, string Event, string? Filter = null, string? Secret = null);

public sealed record UpdateWebhookRequest(string Name, string TargetUrl, string? Secret = null, string? Status = null);

/// <summary>What Webex POSTs to a webhook's target. Never carries message text or card inputs.</summary>
public sealed record WebhookEnvelope
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public string? TargetUrl { get; init; }
    public required string Resource { get; init; }
    public required string Event { get; init; }
    public string? Filter { get; init; }
    public string? OrgId { get; init; }
    public string? CreatedBy { get; init; }
    public string? AppId { get; init; }
    public string? OwnedBy { get; init; }
    public string? Status { get; init; }
    public string? ActorId { get; init; }
    public string? Created { get; init; }
    public required WebhookEventData Data { get; init; }

    /// <summary>
    /// Not Webex's: the W3C <c>traceparent</c> of the delivery that brought the event, set by the host when it accepts the
    /// delivery, so the turn's trace continues the delivery's (an inbox that stores events keeps it alongside).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? TraceParent { get; init; }
}

/// <summary><c>data</c> of a webhook event: for messages the message id, for attachment actions the action id.</summary>
public sealed record WebhookEventData
{
    public required string Id { get; init; }
    public string? RoomId { get; init; }
    public string? RoomType { get; init; }
    public string? PersonId { get; init; }
    public string? PersonEmail { get; init; }
    public string? MessageId { get; init; }
    public string? Type { get; init; }
    public IReadOnlyList<string>? MentionedPeople { get; init; }
    public IReadOnlyList<string>? Files { get; init; }
    public string? Created { get; init; }
}

/// <summary>A downloaded file (<c>GET /contents/{id}</c>); the caller disposes it.</summary>
public sealed record WebexContent(Stream Content, string FileName, string ContentType, long? Length) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
