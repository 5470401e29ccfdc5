using System.Text;
using System.Text.Json;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Attachment = LicenseBot.Core.Conversation.Attachment;

namespace LicenseBot.Core.Conversation;

/// <summary>A turn on Webex: outgoing activities become messages in the incoming activity's room and thread.</summary>
public sealed class WebexTurnContext(Activity activity, IWebexMessaging messaging) : ITurnContext
{
    /// <summary>Webex's limit for <c>text</c>/<c>markdown</c>.</summary>
    public const int MaxTextBytes = 7439;

    public Activity Activity { get; } = activity;

    private string RoomId => Activity.Conversation?.Id ?? throw new InvalidOperationException("The turn has no room.");

    public async Task<ResourceResponse> SendActivityAsync(Activity outgoing, CancellationToken ct)
    {
        var parentId = outgoing.ReplyToId ?? Activity.ThreadId;
        var text = Fit(outgoing.Text);
        if (outgoing.Attachments.FirstOrDefault(a => a.Content is byte[]) is { } file)
        {
            using var content = new MemoryStream((byte[])file.Content!);
            var sent = await messaging.CreateFileMessageAsync(RoomId, parentId, text, file.Name ?? "file", file.ContentType, content, ct);
            return new ResourceResponse(sent.Id);
        }
        var card = outgoing.Attachments.FirstOrDefault(a => a.ContentType == Attachment.AdaptiveCardContentType);
        var message = await messaging.CreateMessageAsync(new CreateMessageRequest
        {
            RoomId = RoomId,
            ParentId = parentId,
            Markdown = text ?? " ",
            Attachments = card is null ? null : [new MessageAttachment(MessageAttachment.AdaptiveCardContentType, CardContent(card.Content))],
        }, ct);
        return new ResourceResponse(message.Id);
    }

    public async Task<ResourceResponse> UpdateActivityAsync(Activity outgoing, CancellationToken ct)
    {
        var id = outgoing.Id ?? throw new ArgumentException("The activity to update needs its id.", nameof(outgoing));
        if (outgoing.Attachments.Count > 0)
        {
            // Webex cannot edit a message with a card or a file: replace it.
            await messaging.DeleteMessageAsync(id, ct);
            return await SendActivityAsync(outgoing with { Id = null }, ct);
        }
        var updated = await messaging.UpdateMessageAsync(id, new UpdateMessageRequest(RoomId, Markdown: Fit(outgoing.Text) ?? " "), ct);
        return new ResourceResponse(updated.Id);
    }

    public Task DeleteActivityAsync(string activityId, CancellationToken ct) => messaging.DeleteMessageAsync(activityId, ct);

    public async Task<AttachmentContent> OpenAttachmentAsync(Attachment attachment, CancellationToken ct)
    {
        var url = attachment.ContentUrl ?? throw new ArgumentException("Only incoming files can be opened.", nameof(attachment));
        var content = await messaging.DownloadContentAsync(url, ct);
        return new AttachmentContent(content.Content, content.FileName, content.ContentType, content.Length);
    }

    private static JsonElement CardContent(object? content) => content switch
    {
        AdaptiveCard card => CardJson.ToElement(card),
        JsonElement json => json,
        null => throw new ArgumentException("A card attachment needs its card."),
        _ => JsonSerializer.SerializeToElement(content, content.GetType(), CardJson.Options),
    };

    /// <summary>Cuts text to Webex's byte limit at a character boundary rather than have the message refused.</summary>
    private static string? Fit(string? text)
    {
        if (text is null || Encoding.UTF8.GetByteCount(text) <= MaxTextBytes) return text;
        var end = text.Length;
        while (end > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, end)) > MaxTextBytes - 3) end--;
        if (end > 0 && char.IsHighSurrogate(text[end - 1])) end--;
        return text[..end] + "…";
    }
}
