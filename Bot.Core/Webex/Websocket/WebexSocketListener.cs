using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Webex.Websocket;

/// <summary>
/// Keeps the bot on the Webex event socket until the host stops: device (reused, <see cref="DeviceRegistry"/>), session
/// (<see cref="MercurySession"/>), and after every end a decision — reconnect after a backoff with jitter (1 s doubling
/// to 32 s, reset once a session was ready), register the device again when its socket is gone (404), get a fresh token
/// when Webex refused it (401 / 4401), obey <c>Retry-After</c> on 429, and stop for good only when Webex closes with 4000
/// ("replaced": another connection of this device took over). Each <c>conversation.activity</c> becomes a webhook-shaped
/// event (<see cref="ConversationActivities"/>) for the <see cref="IWebexEventSink"/>.
/// </summary>
public sealed class WebexSocketListener(
    DeviceRegistry registry,
    IWebexEventSink sink,
    [FromKeyedServices(WebexTokenRole.Bot)] IWebexTokenProvider tokens,
    WebsocketStatus status,
    IOptions<WebsocketOptions> options,
    TimeProvider time,
    ILogger<WebexSocketListener> logger)
{
    public const int ReplacedCloseCode = 4000;
    public const int UnauthorizedCloseCode = 4401;

    public async Task RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var delay = o.ReconnectInitialDelay;
        string? gone = null;
        while (!ct.IsCancellationRequested)
        {
            TimeSpan? wait = null;
            try
            {
                var (device, catalog) = await registry.EnsureAsync(gone, ct);
                gone = null;
                var token = await tokens.GetAccessTokenAsync(ct);
                var session = new MercurySession(o, time, logger);
                var outcome = await session.RunAsync(device.WebSocketUrl, token,
                    () => OnReady(device),
                    (frame, c) => HandOverAsync(frame, catalog, device.UserId, c),
                    ct);
                if (outcome.End == SessionEnd.Stopping) break;
                if (outcome.WasReady) delay = o.ReconnectInitialDelay;
                status.MarkDisconnected(outcome.CloseCode, outcome.ToString());

                if (outcome is { End: SessionEnd.Closed, CloseCode: ReplacedCloseCode })
                {
                    status.MarkReplaced(ReplacedCloseCode);
                    logger.LogError("Webex closed the event socket with 4000: another connection of this bot's device replaced it. This instance stops listening for good; run one instance in websocket mode.");
                    return;
                }
                if (outcome is { End: SessionEnd.HandshakeFailed, HandshakeStatus: 404 })
                {
                    logger.LogWarning("The event socket of device {DeviceUrl} is gone (404); registering again", device.Url);
                    gone = device.Url;
                    wait = TimeSpan.Zero;
                }
                else if (outcome is { End: SessionEnd.HandshakeFailed, HandshakeStatus: 401 } or { End: SessionEnd.Closed, CloseCode: UnauthorizedCloseCode })
                {
                    var refreshed = await tokens.InvalidateAsync(token, ct);
                    logger.LogWarning("Webex refused the bot's token on the event socket ({Outcome}); {Next}", outcome,
                        refreshed ? "trying again with a fresh one" : "the token cannot be refreshed: check Webex:BotToken");
                }
                else
                {
                    logger.LogWarning("The Webex event socket ended: {Outcome}; reconnecting", outcome);
                }
                wait ??= outcome.RetryAfter;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                status.MarkDisconnected(null, e.Message);
                logger.LogWarning("Could not open the Webex event socket ({Error}); trying again", e.Message);
                wait = (e as WebexApiException)?.RetryAfter;
            }

            var pause = wait ?? Jittered(delay);
            if (wait is null) delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, o.ReconnectMaxDelay.Ticks));
            try
            {
                if (pause > TimeSpan.Zero) await Task.Delay(pause, time, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        status.MarkStopped();
    }

    /// <summary>Between half and all of <paramref name="delay"/>, so many bots dropped at once do not come back at once.</summary>
    internal static TimeSpan Jittered(TimeSpan delay) => TimeSpan.FromTicks(delay.Ticks / 2 + (long)(Random.Shared.NextDouble() * (delay.Ticks / 2)));

    private void OnReady(WebexDevice device)
    {
        var missed = status.MarkConnected(options.Value.BufferWindow);
        if (missed is not null)
        {
            logger.LogError("The Webex event socket was down from {From:u} to {To:u}, longer than Webex keeps events ({Window}): commands sent in that time may never arrive. Ask admins to repeat what got no answer.",
                missed.From, missed.To, options.Value.BufferWindow);
        }
        logger.LogInformation("Listening to Webex on the event socket of device {DeviceUrl}", device.Url);
    }

    private async Task HandOverAsync(MercuryFrame frame, ServiceCatalog catalog, string? selfUuid, CancellationToken ct)
    {
        if (frame.Activity is null || ConversationActivities.ToEvent(frame.Activity, catalog, selfUuid) is not { } envelope) return;
        status.CountEvent();
        while (await sink.AcceptAsync(envelope, ct) == EventAcceptance.Busy)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct); // not stored (the database cannot be written): hold the frame (and its ack) and offer it again
        }
    }
}
