using System.Text.Json;
using LicenseBot.Core.Conversation;

namespace LicenseBot.Tests.Harness;

/// <summary>
/// An <see cref="ITurnContext"/> that records what a dialog sends, for unit tests of one dialog without a host.
/// End-to-end tests use <see cref="BotSpace"/> instead.
/// </summary>
public sealed class RecordingTurnContext(Activity activity) : ITurnContext
{
    private int _next;

    public Activity Activity { get; } = activity;
    public List<Activity> Sent { get; } = [];
    public List<string> Deleted { get; } = [];

    public Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken ct)
    {
        var id = $"sent-{Interlocked.Increment(ref _next)}";
        Sent.Add(activity with { Id = id });
        return Task.FromResult(new ResourceResponse(id));
    }

    public Task<ResourceResponse> UpdateActivityAsync(Activity activity, CancellationToken ct)
    {
        Sent.Add(activity);
        return Task.FromResult(new ResourceResponse(activity.Id!));
    }

    public Task DeleteActivityAsync(string activityId, CancellationToken ct)
    {
        Deleted.Add(activityId);
        return Task.CompletedTask;
    }

    public Task<AttachmentContent> OpenAttachmentAsync(Attachment attachment, CancellationToken ct) =>
        throw new InvalidOperationException("RecordingTurnContext has no files; use BotSpace for uploads.");

    /// <summary>A top-level message from <paramref name="personId"/> in <paramref name="roomId"/>.</summary>
    public static Activity Message(string text, string personId = "P-ALICE", string roomId = "R-ADMINS", string id = "M-1", string? parentId = null) => new()
    {
        Type = ActivityTypes.Message,
        Id = id,
        Text = text,
        From = new ChannelAccount(personId),
        Conversation = new ConversationAccount(roomId, IsGroup: true),
        ReplyToId = parentId,
        ThreadId = parentId ?? id,
    };

    /// <summary>A card submit in thread <paramref name="threadId"/>, with the action data and inputs merged as Webex does.</summary>
    public static Activity Submit(object inputs, string threadId, string personId = "P-ALICE", string roomId = "R-ADMINS", string id = "A-1") => new()
    {
        Type = ActivityTypes.Invoke,
        Id = id,
        From = new ChannelAccount(personId),
        Conversation = new ConversationAccount(roomId, IsGroup: true),
        Value = JsonSerializer.SerializeToElement(inputs),
        ReplyToId = "card-message",
        ThreadId = threadId,
    };
}
