namespace LicenseBot.Core.Conversation;

/// <summary>One turn: the incoming <see cref="Activity"/> and the ways to answer it (Bot Framework's <c>ITurnContext</c>).</summary>
public interface ITurnContext
{
    Activity Activity { get; }

    /// <summary>Posts in the incoming activity's thread unless <see cref="Activity.ReplyToId"/> says otherwise.</summary>
    Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken ct);

    /// <summary>
    /// Replaces a message the bot sent (<see cref="Activity.Id"/>). Text is edited in place (Webex allows 10 edits);
    /// a card cannot be edited in Webex, so it is deleted and posted again, and the answer holds the new id.
    /// </summary>
    Task<ResourceResponse> UpdateActivityAsync(Activity activity, CancellationToken ct);

    Task DeleteActivityAsync(string activityId, CancellationToken ct);

    /// <summary>Downloads an incoming file.</summary>
    Task<AttachmentContent> OpenAttachmentAsync(Attachment attachment, CancellationToken ct);
}

/// <summary>The bot's turn handler (Bot Framework's <c>IBot</c>).</summary>
public interface IBot
{
    Task OnTurnAsync(ITurnContext turnContext, CancellationToken ct);
}
