using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Core.Webex.Websocket;

/// <summary>
/// Where the event socket hands each event: the same entry point as a webhook delivery (deduplication and durable
/// handling live there). The frame is acknowledged only after this returns.
/// </summary>
public interface IWebexEventSink
{
    /// <summary>
    /// <see cref="EventAcceptance.Accepted"/> (new, taken) or <see cref="EventAcceptance.Duplicate"/> (seen before): both are
    /// acknowledged (the inbox stored it before answering). <see cref="EventAcceptance.Busy"/>: could not be stored now, offer it again shortly.
    /// </summary>
    Task<EventAcceptance> AcceptAsync(WebhookEnvelope envelope, CancellationToken ct);
}

public enum EventAcceptance
{
    Accepted,
    Duplicate,
    Busy,
}
