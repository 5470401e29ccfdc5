using System.Text.Json;

namespace LicenseBot.Core.Conversation;

/// <summary>Activity types the bot sees: a message (text, maybe files) or an invoke (a card submit).</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string Invoke = "invoke";
}

/// <summary>
/// One thing said in a conversation, shaped like Bot Framework's <c>Activity</c>. Incoming: built by the
/// <c>WebexAdapter</c> from a Webex message or card submit. Outgoing: what a dialog sends; the adapter turns it into a
/// Webex message in <see cref="ReplyToId"/>'s thread (or the incoming activity's <see cref="ThreadId"/>).
/// </summary>
public sealed record Activity
{
    public string Type { get; init; } = ActivityTypes.Message;

    /// <summary>Incoming: the Webex message id (message) or attachment action id (invoke). Outgoing: set by the adapter.</summary>
    public string? Id { get; init; }

    public ChannelAccount? From { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public ConversationAccount? Conversation { get; init; }

    /// <summary>Message text, with the bot's mention already stripped. Outgoing: markdown.</summary>
    public string? Text { get; init; }

    /// <summary>Invoke: the card submit's inputs merged with the action's data (<c>{flow, step, token, …}</c>); see <see cref="CardSubmit"/>.</summary>
    public JsonElement? Value { get; init; }

    /// <summary>Incoming: files (<see cref="Attachment.ContentUrl"/>). Outgoing: one card or one file.</summary>
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// <summary>
    /// Incoming message: the parent message in Webex (null for a top-level message). Incoming invoke: the message holding
    /// the card that was submitted. Outgoing: the thread to post in (a top-level message id).
    /// </summary>
    public string? ReplyToId { get; init; }

    /// <summary>The top-level message of the thread this activity belongs to; replies go there (Webex threads are one level deep).</summary>
    public string? ThreadId { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Incoming: the language the sender is answered in (<c>en</c>, <c>nl</c>), as Bot Framework's <c>locale</c>.</summary>
    public string? Locale { get; init; }

    public string ChannelId { get; init; } = "webex";

    public bool IsMessage => Type == ActivityTypes.Message;
    public bool IsInvoke => Type == ActivityTypes.Invoke;

    /// <summary>An outgoing text (markdown) message.</summary>
    public static Activity CreateMessage(string markdown) => new() { Text = markdown };

    /// <summary>An outgoing card; <paramref name="fallbackMarkdown"/> is what clients that cannot draw cards show (Webex requires it).</summary>
    public static Activity CreateCard(object card, string fallbackMarkdown) => new()
    {
        Text = fallbackMarkdown,
        Attachments = [new Attachment(Attachment.AdaptiveCardContentType, card)],
    };
}

/// <summary>A person or the bot. <see cref="Id"/> is the Webex person id.</summary>
public sealed record ChannelAccount(string Id, string? Name = null, string? Email = null);

/// <summary>A Webex space: <see cref="Id"/> is the room id; <see cref="IsGroup"/> false for a 1:1 space.</summary>
public sealed record ConversationAccount(string Id, bool IsGroup, string? Name = null);

/// <summary>
/// A card (<see cref="Content"/> is the typed card, <see cref="AdaptiveCardContentType"/>), an incoming file
/// (<see cref="ContentUrl"/>; open it with <see cref="ITurnContext.OpenAttachmentAsync"/>), or an outgoing file
/// (<see cref="Content"/> is a <c>byte[]</c>, <see cref="Name"/> the file name).
/// </summary>
public sealed record Attachment(string ContentType, object? Content = null, string? ContentUrl = null, string? Name = null)
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public static Attachment File(string name, string contentType, byte[] content) => new(contentType, content, null, name);
}

/// <summary>What sending answered: the new message's id.</summary>
public sealed record ResourceResponse(string Id);

/// <summary>An incoming file's bytes; dispose it.</summary>
public sealed record AttachmentContent(Stream Content, string Name, string ContentType, long? Length) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
