using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Webex.Websocket;

/// <summary>How one socket session ended.</summary>
public enum SessionEnd
{
    /// <summary>The handshake failed (<see cref="SessionOutcome.HandshakeStatus"/> holds the HTTP status, 0 when there was none).</summary>
    HandshakeFailed,

    /// <summary>Webex closed the socket (<see cref="SessionOutcome.CloseCode"/>), or it dropped (1006).</summary>
    Closed,

    /// <summary>No pong within <see cref="WebsocketOptions.PongTimeout"/>: the bot gave the socket up.</summary>
    PongMissing,

    /// <summary>No buffer-state event within <see cref="WebsocketOptions.AuthorizationTimeout"/> after the authorization frame.</summary>
    NotAuthorized,

    /// <summary>Handing an event over failed: the socket is closed so Webex sends it again.</summary>
    HandlerFailed,

    /// <summary>The host is stopping.</summary>
    Stopping,
}

public sealed record SessionOutcome(SessionEnd End, bool WasReady, int? CloseCode = null, string? Reason = null, int HandshakeStatus = 0, TimeSpan? RetryAfter = null)
{
    public override string ToString() => End switch
    {
        SessionEnd.HandshakeFailed => HandshakeStatus == 0 ? $"could not connect ({Reason})" : $"handshake answered {HandshakeStatus}",
        SessionEnd.Closed => $"closed with {CloseCode}{(string.IsNullOrEmpty(Reason) ? "" : $" ({Reason})")}",
        _ => $"{End}{(string.IsNullOrEmpty(Reason) ? "" : $" ({Reason})")}",
    };
}

/// <summary>
/// One connection of the event socket, start to end: handshake, the authorization frame, wait for Webex's buffer-state
/// event, then read frames — acknowledging each after it was handed over — and ping every
/// <see cref="WebsocketOptions.PingInterval"/>, giving up on a missing pong. What happens next is the listener's decision.
/// </summary>
public sealed class MercurySession(WebsocketOptions options, TimeProvider time, ILogger logger)
{
    private const int MaxFrameBytes = 4 * 1024 * 1024;
    private readonly SemaphoreSlim _send = new(1, 1);
    private volatile string? _awaitedPong;

    /// <param name="onReady">Called once Webex said the socket is ready.</param>
    /// <param name="onEvent">Called for each <c>conversation.activity</c>; the frame is acknowledged after it returns.</param>
    public async Task<SessionOutcome> RunAsync(string webSocketUrl, string token, Action onReady, Func<MercuryFrame, CancellationToken, Task> onEvent, CancellationToken ct)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // pings are the protocol's own frames
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        connectTimeout.CancelAfter(options.AuthorizationTimeout);
        try
        {
            await socket.ConnectAsync(SocketUri(webSocketUrl), connectTimeout.Token);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new SessionOutcome(SessionEnd.Stopping, false);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException)
        {
            var status = (int)socket.HttpStatusCode;
            TimeSpan? retryAfter = socket.HttpResponseHeaders is { } headers && headers.TryGetValue("Retry-After", out var values)
                && int.TryParse(values.FirstOrDefault(), out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
            return new SessionOutcome(SessionEnd.HandshakeFailed, false, Reason: e.Message, HandshakeStatus: status, RetryAfter: retryAfter);
        }

        using var dead = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ready = false;
        var endReason = (SessionEnd?)null;
        using var authorizationTimer = time.CreateTimer(_ =>
        {
            if (Volatile.Read(ref ready)) return;
            endReason ??= SessionEnd.NotAuthorized;
            dead.Cancel();
        }, null, options.AuthorizationTimeout, Timeout.InfiniteTimeSpan);
        Task pinging = Task.CompletedTask;
        try
        {
            await SendAsync(socket, MercuryFrames.Authorization(token), dead.Token);
            var buffer = new byte[16 * 1024];
            using var message = new MemoryStream();
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(), dead.Token);
                if (read.MessageType == WebSocketMessageType.Close)
                {
                    await CloseQuietlyAsync(socket, WebSocketCloseStatus.NormalClosure, "closed");
                    return new SessionOutcome(SessionEnd.Closed, ready, (int?)socket.CloseStatus, socket.CloseStatusDescription);
                }
                message.Write(buffer, 0, read.Count);
                if (message.Length > MaxFrameBytes)
                {
                    await CloseQuietlyAsync(socket, WebSocketCloseStatus.MessageTooBig, "frame too big");
                    return new SessionOutcome(SessionEnd.Closed, ready, (int)WebSocketCloseStatus.MessageTooBig, "a frame over 4 MB");
                }
                if (!read.EndOfMessage) continue;

                var frame = MercuryFrames.Parse(message.GetBuffer().AsSpan(0, (int)message.Length));
                message.SetLength(0);
                if (frame is null)
                {
                    logger.LogWarning("Ignored a frame from the Webex event socket that is not JSON");
                    continue;
                }
                if (frame.IsPong)
                {
                    if (frame.Id is not null && frame.Id == _awaitedPong) _awaitedPong = null;
                }
                else if (frame.IsReady && !ready)
                {
                    Volatile.Write(ref ready, true);
                    onReady();
                    pinging = PingAsync(socket, dead, () => endReason ??= SessionEnd.PongMissing);
                }
                else if (frame.EventType == MercuryFrames.ConversationActivity)
                {
                    try
                    {
                        await onEvent(frame, dead.Token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogError(e, "Could not take an event from the Webex event socket; closing it so Webex sends the event again");
                        await CloseQuietlyAsync(socket, WebSocketCloseStatus.InternalServerError, "event not taken");
                        return new SessionOutcome(SessionEnd.HandlerFailed, ready, Reason: e.Message);
                    }
                }
                if (frame.Id is not null) await SendAsync(socket, MercuryFrames.Ack(frame.Id), dead.Token);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await CloseQuietlyAsync(socket, WebSocketCloseStatus.NormalClosure, "done");
            return new SessionOutcome(SessionEnd.Stopping, ready);
        }
        catch (OperationCanceledException) when (endReason is { } end)
        {
            socket.Abort();
            return new SessionOutcome(end, ready, Reason: end == SessionEnd.PongMissing ? "pong not received" : "no buffer-state event after authorization");
        }
        catch (WebSocketException e)
        {
            return new SessionOutcome(SessionEnd.Closed, ready, (int?)socket.CloseStatus ?? 1006, socket.CloseStatusDescription ?? e.Message);
        }
        finally
        {
            await dead.CancelAsync();
            try
            {
                await pinging;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Pings every interval; a pong not back within the timeout ends the session.</summary>
    private async Task PingAsync(ClientWebSocket socket, CancellationTokenSource dead, Action onMissing)
    {
        while (!dead.IsCancellationRequested)
        {
            await Task.Delay(options.PingInterval, time, dead.Token);
            var id = Guid.NewGuid().ToString();
            _awaitedPong = id;
            await SendAsync(socket, MercuryFrames.Ping(id), dead.Token);
            await Task.Delay(options.PongTimeout, time, dead.Token);
            if (_awaitedPong == id)
            {
                logger.LogWarning("No pong from the Webex event socket within {Timeout}; reconnecting", options.PongTimeout);
                onMissing();
                await dead.CancelAsync();
                return;
            }
        }
    }

    private async Task SendAsync(ClientWebSocket socket, string text, CancellationToken ct)
    {
        await _send.WaitAsync(ct);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        finally
        {
            _send.Release();
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseOutputAsync(status, reason, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    /// <summary>The device's socket URL with the query the JavaScript SDK adds (text frames, buffer-state events).</summary>
    public static Uri SocketUri(string webSocketUrl)
    {
        var builder = new UriBuilder(webSocketUrl);
        if (builder.Scheme == Uri.UriSchemeHttps) builder.Scheme = "wss";
        else if (builder.Scheme == Uri.UriSchemeHttp) builder.Scheme = "ws";
        var query = builder.Query.TrimStart('?');
        var extra = "outboundWireFormat=text&bufferStates=true&aliasHttpStatus=true";
        builder.Query = query.Length == 0 ? extra : query + "&" + extra;
        return builder.Uri;
    }
}
