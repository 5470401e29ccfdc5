using LicenseBot.Core.Conversation;
using LicenseBot.Core.Diagnostics;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using LicenseBot.Core.Webex.Websocket;

namespace LicenseBot.Host.Composition;

/// <summary>
/// The one entry point for a Webex event, however it arrived (a webhook delivery or the event socket): an event already
/// seen (by <c>data.id</c>, remembered in the database) is a duplicate; a new one is recorded and queued to become a
/// turn; when the queue is full the record is dropped again so the redelivery is handled.
/// </summary>
public sealed class WebexEventIntake(IProcessedEventLog events, WebhookEventQueue queue, ILogger<WebexEventIntake> logger) : IWebexEventSink
{
    public async Task<EventAcceptance> AcceptAsync(WebhookEnvelope envelope, CancellationToken ct)
    {
        var eventId = envelope.Data.Id;
        var resource = new KeyValuePair<string, object?>(Telemetry.Tags.Resource, envelope.Resource);
        Telemetry.EventsReceived.Add(1, resource);
        if (!await events.TryRecordAsync(eventId, envelope.Resource, ct))
        {
            Telemetry.EventsDeduplicated.Add(1, resource);
            return EventAcceptance.Duplicate;
        }
        envelope = envelope with { TraceParent = System.Diagnostics.Activity.Current?.Id }; // the turn's trace continues this delivery's
        if (queue.TryEnqueue(envelope)) return EventAcceptance.Accepted;
        await events.ForgetAsync(eventId, ct);
        logger.LogWarning("Event queue full ({Count}); event {EventId} will be offered again", queue.Count, eventId);
        return EventAcceptance.Busy;
    }
}
