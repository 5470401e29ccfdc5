using System.Text.Json;
using System.Text.Json.Nodes;
using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Core.Webex.Websocket;

/// <summary>
/// The frames of the event socket ("Mercury"), as the JavaScript SDK speaks them (docs/websocket-protocol.md):
/// out: authorization, ack, ping; in: pong, events (<c>data.eventType</c>) such as <c>mercury.buffer_state</c> and
/// <c>conversation.activity</c>.
/// </summary>
public static class MercuryFrames
{
    public const string BufferState = "mercury.buffer_state";
    public const string RegistrationStatus = "mercury.registration_status";
    public const string ConversationActivity = "conversation.activity";

    public static string Authorization(string token) => new JsonObject
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["type"] = "authorization",
        ["data"] = new JsonObject { ["token"] = "Bearer " + token },
    }.ToJsonString();

    public static string Ack(string frameId) => new JsonObject { ["messageId"] = frameId, ["type"] = "ack" }.ToJsonString();

    public static string Ping(string id) => new JsonObject { ["id"] = id, ["type"] = "ping" }.ToJsonString();

    /// <summary>A frame read from the socket; null when it is not a JSON object.</summary>
    public static MercuryFrame? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var root = JsonNode.Parse(utf8) as JsonObject;
            if (root is null) return null;
            var data = root["data"] as JsonObject;
            return new MercuryFrame(
                Str(root, "id"),
                Str(root, "type"),
                data is null ? null : Str(data, "eventType"),
                root["sequenceNumber"] is JsonValue seq && seq.TryGetValue<long>(out var n) ? n : null,
                data?["activity"] as JsonObject);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string? Str(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>One frame from the socket. <see cref="Type"/> is set on control frames (<c>pong</c>), <see cref="EventType"/> on events.</summary>
public sealed record MercuryFrame(string? Id, string? Type, string? EventType, long? SequenceNumber, JsonObject? Activity)
{
    public bool IsPong => Type == "pong";

    /// <summary>Webex's "this socket is ready" after the authorization frame.</summary>
    public bool IsReady => Type is null && EventType is MercuryFrames.BufferState or MercuryFrames.RegistrationStatus;
}

/// <summary>
/// Turns a <c>conversation.activity</c> into the webhook-shaped event the bot already handles: a posted message
/// (<c>post</c>) or shared file (<c>share</c>) becomes a <c>messages/created</c> event, a card submit (<c>cardAction</c>)
/// an <c>attachmentActions/created</c> event, with REST ids built from the activity's UUIDs as the JavaScript SDK builds
/// them (messages and attachment actions by the activity id; the card's message by <c>parent.id</c>).
/// </summary>
public static class ConversationActivities
{
    public const string EnvelopeName = "websocket";

    /// <summary>The event, or null for activities the bot does not act on (other verbs, its own activities).</summary>
    public static WebhookEnvelope? ToEvent(JsonObject activity, ServiceCatalog catalog, string? selfUuid)
    {
        var verb = MercuryFrames.Str(activity, "verb");
        var id = MercuryFrames.Str(activity, "id");
        if (id is null) return null;
        var actor = activity["actor"] as JsonObject;
        var actorUuid = actor is null ? null : MercuryFrames.Str(actor, "entryUUID") ?? MercuryFrames.Str(actor, "id");
        if (selfUuid is not null && string.Equals(actorUuid, selfUuid, StringComparison.OrdinalIgnoreCase)) return null;

        var target = activity["target"] as JsonObject;
        var cluster = catalog.ClusterOf(target is null ? null : MercuryFrames.Str(target, "url"));
        var roomUuid = target is null ? null : MercuryFrames.Str(target, "id");
        var oneOnOne = target?["tags"] is JsonArray tags && tags.Any(t => t is JsonValue v && v.TryGetValue<string>(out var s) && s == "ONE_ON_ONE");
        var (resource, type) = verb switch
        {
            "post" or "share" => ("messages", HydraId.Message),
            "cardAction" => ("attachmentActions", HydraId.AttachmentAction),
            _ => ((string?)null, (string?)null),
        };
        if (resource is null || type is null) return null;
        var parentUuid = activity["parent"] is JsonObject parent ? MercuryFrames.Str(parent, "id") : null;

        return new WebhookEnvelope
        {
            Id = EnvelopeName,
            Name = EnvelopeName,
            Resource = resource,
            Event = "created",
            ActorId = actorUuid is null ? null : HydraId.Build(HydraId.People, actorUuid),
            Created = MercuryFrames.Str(activity, "published"),
            Data = new WebhookEventData
            {
                Id = HydraId.Build(type, id, cluster),
                RoomId = roomUuid is null ? null : HydraId.Build(HydraId.Room, roomUuid, cluster),
                RoomType = target is null ? null : oneOnOne ? "direct" : "group",
                PersonId = actorUuid is null ? null : HydraId.Build(HydraId.People, actorUuid),
                MessageId = type == HydraId.AttachmentAction && parentUuid is not null ? HydraId.Build(HydraId.Message, parentUuid, cluster) : null,
                Type = type == HydraId.AttachmentAction ? "submit" : null,
                Created = MercuryFrames.Str(activity, "published"),
            },
        };
    }
}
