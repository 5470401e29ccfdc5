using LicenseBot.Core.Conversation;
using LicenseBot.Core.Diagnostics;
using LicenseBot.Core.Inbox;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using LicenseBot.Core.Webex.Websocket;

namespace LicenseBot.Host.Composition;

/// <summary>
/// The one entry point for a Webex event, however it arrived (a webhook delivery or the event socket): the event is
/// stored in the durable inbox (<see cref="EventInbox"/>, with the delivery's <c>traceparent</c>) and only then
/// acknowledged; an id stored before is a duplicate. An event no turn would be taken for (<see cref="WebexAdapter.Ignores"/>:
/// above all the bot's own messages, one for every answer it posts) is acknowledged without being stored.
/// <see cref="EventAcceptance.Busy"/> only when the database cannot be written — then the delivery is not acknowledged, so
/// Webex (or the socket) offers it again. The inbox's worker handles it.
/// </summary>
public sealed class WebexEventIntake(EventInbox inbox, BotIdentity identity, ILogger<WebexEventIntake> logger) : IWebexEventSink
{
    public async Task<EventAcceptance> AcceptAsync(WebhookEnvelope envelope, CancellationToken ct)
    {
        var resource = new KeyValuePair<string, object?>(Telemetry.Tags.Resource, envelope.Resource);
        Telemetry.EventsReceived.Add(1, resource);
        if (identity.Known is { } me && WebexAdapter.Ignores(envelope, me.Id))
        {
            Telemetry.EventsHandled.Add(1, resource, new KeyValuePair<string, object?>(Telemetry.Tags.Outcome, "ignored"));
            return EventAcceptance.Accepted;
        }
        InboxAcceptance accepted;
        try
        {
            // The turn's trace continues this delivery's.
            accepted = await inbox.AcceptAsync(envelope with { TraceParent = System.Diagnostics.Activity.Current?.Id }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError("Event {EventId} could not be stored in the inbox ({Error}); not acknowledged, so it will be offered again", envelope.Data.Id, e.Message);
            return EventAcceptance.Busy;
        }
        if (accepted == InboxAcceptance.Duplicate)
        {
            Telemetry.EventsDeduplicated.Add(1, resource);
            return EventAcceptance.Duplicate;
        }
        return EventAcceptance.Accepted;
    }
}
