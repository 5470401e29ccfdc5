using System.Diagnostics;
using System.Security.Cryptography;
using LicenseBot.Core.Diagnostics;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Logging;
using Activity = LicenseBot.Core.Conversation.Activity;
using Attachment = LicenseBot.Core.Conversation.Attachment;

namespace LicenseBot.Core.Conversation;

/// <summary>
/// The one place that knows Webex messages (Bot Framework's adapter): a webhook event becomes an <see cref="Activity"/>
/// (message text and files, or card inputs, fetched by id since the event never carries them), the bot takes the turn,
/// and a failed turn is answered with a short apology and a tracking id — never a stack trace.
/// </summary>
public sealed class WebexAdapter(IWebexMessaging messaging, BotIdentity identity, ILogger<WebexAdapter> logger, IPersonLanguage? languages = null)
{
    public const string MessagesResource = "messages";
    public const string AttachmentActionsResource = "attachmentActions";

    /// <summary>One event, one turn: traced as a child of the delivery (<see cref="WebhookEnvelope.TraceParent"/>), counted and timed.</summary>
    public async Task ProcessActivityAsync(WebhookEnvelope envelope, IBot bot, CancellationToken ct)
    {
        using var span = Telemetry.StartTurn(envelope.Resource, envelope.Data.Id, envelope.TraceParent);
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            outcome = await TakeTurnAsync(envelope, bot, ct);
        }
        finally
        {
            var tags = new TagList { { Telemetry.Tags.Resource, envelope.Resource }, { Telemetry.Tags.Outcome, outcome } };
            Telemetry.EventsHandled.Add(1, tags);
            Telemetry.TurnDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            span?.SetTag(Telemetry.Tags.Outcome, outcome);
            if (outcome == "error") span?.SetStatus(ActivityStatusCode.Error);
        }
    }

    /// <summary>
    /// An event no turn is taken for: anything but a creation, or what the bot itself did (its own messages fire webhooks
    /// too). The intake drops these before storing them once it knows <paramref name="botId"/>.
    /// </summary>
    public static bool Ignores(WebhookEnvelope envelope, string botId) =>
        !string.Equals(envelope.Event, "created", StringComparison.OrdinalIgnoreCase) || envelope.Data.PersonId == botId;

    /// <returns>ok, ignored (not for the bot, or gone), or error (the turn failed and the room was told).</returns>
    private async Task<string> TakeTurnAsync(WebhookEnvelope envelope, IBot bot, CancellationToken ct)
    {
        var me = await identity.GetAsync(ct);
        if (Ignores(envelope, me.Id)) return "ignored";

        Activity? activity;
        try
        {
            activity = envelope.Resource switch
            {
                MessagesResource => await FromMessageAsync(envelope.Data.Id, me, ct),
                AttachmentActionsResource => await FromActionAsync(envelope.Data.Id, me, ct),
                _ => null,
            };
        }
        catch (WebexApiException e) when (e.IsNotFound)
        {
            logger.LogInformation("Webex event {EventId} ({Resource}) points to something already gone", envelope.Data.Id, envelope.Resource);
            return "ignored";
        }
        if (activity is null) return "ignored";

        // The whole turn, its error message included, speaks the sender's language.
        var language = await languages.LanguageOrEnglishAsync(activity.From?.Id, logger, ct);
        using var speaking = BotLanguage.Use(language);
        activity = activity with { Locale = language.Code };
        var turn = new WebexTurnContext(activity, messaging);
        try
        {
            await bot.OnTurnAsync(turn, ct);
            return "ok";
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var trackingId = (e as WebexApiException)?.TrackingId ?? $"LB-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}";
            logger.LogError(e, "Turn for {ActivityType} {ActivityId} in room {RoomId} failed; tracking id {TrackingId}", activity.Type, activity.Id, activity.Conversation?.Id, trackingId);
            try
            {
                await turn.SendActivityAsync(Activity.CreateMessage(BotText.Format("common.error.generic", trackingId)), ct);
            }
            catch (Exception sendError) when (sendError is not OperationCanceledException)
            {
                logger.LogError(sendError, "Could not tell room {RoomId} that the turn failed", activity.Conversation?.Id);
            }
            return "error";
        }
    }

    private async Task<Activity?> FromMessageAsync(string messageId, WebexPerson me, CancellationToken ct)
    {
        var message = await messaging.GetMessageAsync(messageId, ct);
        if (message.PersonId == me.Id) return null;
        return new Activity
        {
            Type = ActivityTypes.Message,
            Id = message.Id,
            From = new ChannelAccount(message.PersonId ?? "", null, message.PersonEmail),
            Recipient = new ChannelAccount(me.Id, me.DisplayName, me.PrimaryEmail),
            Conversation = new ConversationAccount(message.RoomId ?? "", IsGroup: message.RoomType == "group"),
            Text = message.RoomType == "group" || message.MentionedPeople?.Contains(me.Id) == true
                ? MentionText.Strip(message.Text, me.DisplayName)
                : (message.Text ?? string.Empty).Trim(),
            Attachments = (message.Files ?? []).Select(url => new Attachment("application/octet-stream", ContentUrl: url)).ToList(),
            ReplyToId = message.ParentId,
            ThreadId = message.ParentId ?? message.Id,
            Timestamp = DateTimeOffset.TryParse(message.Created, out var created) ? created : null,
        };
    }

    private async Task<Activity?> FromActionAsync(string actionId, WebexPerson me, CancellationToken ct)
    {
        var action = await messaging.GetAttachmentActionAsync(actionId, ct);
        if (action.PersonId == me.Id) return null;
        // The card's message tells the thread: replies to a submit go where the card is.
        var card = await messaging.GetMessageAsync(action.MessageId, ct);
        return new Activity
        {
            Type = ActivityTypes.Invoke,
            Id = action.Id,
            From = new ChannelAccount(action.PersonId ?? ""),
            Recipient = new ChannelAccount(me.Id, me.DisplayName, me.PrimaryEmail),
            Conversation = new ConversationAccount(action.RoomId ?? card.RoomId ?? "", IsGroup: card.RoomType == "group"),
            Value = action.Inputs,
            ReplyToId = action.MessageId,
            ThreadId = card.ParentId ?? card.Id,
            Timestamp = DateTimeOffset.TryParse(action.Created, out var created) ? created : null,
        };
    }
}
