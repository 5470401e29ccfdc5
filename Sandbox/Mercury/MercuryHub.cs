using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace LicenseBot.Sandbox.Mercury;

/// <summary>
/// The sandbox's event socket ("Mercury"), one connection per device (docs/websocket-protocol.md): the client sends the
/// authorization frame (<c>{"id","type":"authorization","data":{"token":"Bearer …"}}</c>) — a wrong token closes with 4401,
/// none within 30 s with 1008 — then gets <c>mercury.buffer_state</c>, the events that waited, and new events as they
/// happen, each as <c>{"id","data":{"eventType":"conversation.activity","activity":…},"sequenceNumber",…}</c>. The client
/// acks each frame (<c>{"messageId","type":"ack"}</c>) and pings (<c>{"id","type":"ping"}</c> → <c>{"id","type":"pong"}</c>).
/// A second connection of the same device closes the first with 4000 ("replaced"). Events are kept for a device while it
/// is not connected, within <see cref="SandboxOptions.SocketBufferSeconds"/> and <see cref="SandboxOptions.SocketBufferMax"/>;
/// a frame sent but not acknowledged when the connection ends is sent again on the next one.
/// Failure settings: <see cref="SandboxOptions.SocketDropAfterSeconds"/>, <see cref="SandboxOptions.SocketRefuseReconnectOnce"/>,
/// <see cref="SandboxOptions.SocketAckDelayMs"/>; tests drop connections on purpose through <see cref="Drop"/>.
/// </summary>
public sealed class MercuryHub(IOptions<SandboxOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<MercuryHub> logger) : IDeviceEventSink
{
    public const int ReplacedCloseCode = 4000;
    public const int AuthenticationFailedCloseCode = 4401;
    public static readonly TimeSpan AuthorizationWindow = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, DeviceQueue> _queues = new(StringComparer.Ordinal);
    private int _refuseNext;
    private int _refuseStatus = 503;

    public void Publish(string deviceId, JsonObject activity)
    {
        var queue = _queues.GetOrAdd(deviceId, _ => new DeviceQueue());
        lock (queue.Gate)
        {
            queue.Pending.Add(new PendingFrame(Guid.NewGuid().ToString(), activity, time.GetUtcNow()));
            var max = Math.Max(1, options.Value.SocketBufferMax);
            if (queue.Pending.Count > max)
            {
                var overflow = queue.Pending.Count - max;
                queue.Pending.RemoveRange(0, overflow);
                queue.Dropped += overflow;
                logger.LogWarning("Sandbox event socket: device {DeviceId} has more than {Max} events waiting; dropped the {Count} oldest", deviceId, max, overflow);
            }
            queue.Live?.Wake();
        }
    }

    public void Forget(string deviceId)
    {
        if (_queues.TryRemove(deviceId, out var queue)) queue.Live?.Abort();
    }

    /// <summary>
    /// Drops every live connection as a network failure would (the client sees 1006); optionally refuses the next
    /// handshake once with <paramref name="refuseStatus"/> (503 "try again", or 404 as for a stale device).
    /// </summary>
    public int Drop(bool refuseNextHandshake, int refuseStatus = 503)
    {
        if (refuseNextHandshake)
        {
            Volatile.Write(ref _refuseStatus, refuseStatus);
            Interlocked.Exchange(ref _refuseNext, 1);
        }
        var dropped = 0;
        foreach (var queue in _queues.Values)
        {
            Connection? live;
            lock (queue.Gate) live = queue.Live;
            if (live is null) continue;
            live.Abort();
            dropped++;
        }
        return dropped;
    }

    /// <summary>The status to refuse this handshake with (once, after <see cref="Drop"/> or with <see cref="SandboxOptions.SocketRefuseReconnectOnce"/>), or null.</summary>
    public int? RefuseHandshake()
    {
        if (Interlocked.Exchange(ref _refuseNext, 0) != 1) return null;
        return Interlocked.Exchange(ref _refuseStatus, 503);
    }

    public object Describe() => new
    {
        devices = _queues.Select(kv =>
        {
            lock (kv.Value.Gate)
            {
                return new
                {
                    id = kv.Key, connected = kv.Value.Live is not null, waiting = kv.Value.Pending.Count, delivered = kv.Value.Delivered,
                    acked = kv.Value.Acked, redelivered = kv.Value.Redelivered, dropped = kv.Value.Dropped, connections = kv.Value.Connections,
                };
            }
        }).ToList(),
    };

    /// <summary>Serves one accepted connection of <paramref name="device"/> until it ends.</summary>
    public async Task RunAsync(WebSocket socket, SimDevice device, SandboxState state, string conversationBase, CancellationToken aborted)
    {
        // 1. The authorization frame.
        using (var authWindow = CancellationTokenSource.CreateLinkedTokenSource(aborted, lifetime.ApplicationStopping))
        {
            authWindow.CancelAfter(AuthorizationWindow);
            JsonObject? auth;
            try
            {
                auth = await ReceiveObjectAsync(socket, authWindow.Token);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, "authentication did not happen within the timeout window");
                return;
            }
            catch (WebSocketException)
            {
                return;
            }
            catch (JsonException)
            {
                auth = null;
            }
            var bearer = auth is not null && Str(auth, "type") == "authorization" && auth["data"] is JsonObject data ? Str(data, "token") : null;
            var token = bearer is not null && bearer.StartsWith("Bearer ", StringComparison.Ordinal) ? bearer["Bearer ".Length..] : null;
            if (token is null || state.Authenticate(token) is not { } who || who.PersonId != device.OwnerId)
            {
                await CloseAsync(socket, (WebSocketCloseStatus)AuthenticationFailedCloseCode, "authentication failed");
                return;
            }
        }

        // 2. This connection replaces the device's previous one.
        var queue = _queues.GetOrAdd(device.Id, _ => new DeviceQueue());
        var o = options.Value;
        using var connection = new Connection(socket, CancellationTokenSource.CreateLinkedTokenSource(aborted));
        // The host is shutting down: close with 1001 "going away" rather than keep the server waiting for the client.
        using var goingAway = lifetime.ApplicationStopping.Register(() => _ = connection.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "going away"));
        Connection? replaced;
        lock (queue.Gate)
        {
            replaced = queue.Live;
            queue.Live = connection;
            queue.Connections++;
            foreach (var f in queue.Pending.Where(f => f.Sent))
            {
                f.Sent = false; // sent on the replaced connection and not acknowledged: this one sends it again
                queue.Redelivered++;
            }
            var oldest = time.GetUtcNow() - TimeSpan.FromSeconds(Math.Max(0, o.SocketBufferSeconds));
            var stale = queue.Pending.RemoveAll(f => f.At < oldest);
            if (stale > 0)
            {
                queue.Dropped += stale;
                logger.LogWarning("Sandbox event socket: dropped {Count} events for device {DeviceId} that waited longer than {Seconds} s", stale, device.Id, o.SocketBufferSeconds);
            }
        }
        if (replaced is not null) await replaced.CloseAsync((WebSocketCloseStatus)ReplacedCloseCode, "replaced");

        ITimer? dropTimer = o.SocketDropAfterSeconds > 0
            ? time.CreateTimer(_ => connection.Abort(), null, TimeSpan.FromSeconds(o.SocketDropAfterSeconds), Timeout.InfiniteTimeSpan)
            : null;
        try
        {
            // 3. Ready, then what waited, then live events; pings and acks on the way in.
            await connection.SendAsync(new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["data"] = new JsonObject { ["eventType"] = "mercury.buffer_state" },
                ["timestamp"] = time.GetUtcNow().ToUnixTimeMilliseconds(),
            });
            var sending = SendLoopAsync(queue, connection, conversationBase);
            try
            {
                while (!connection.Stopping.IsCancellationRequested)
                {
                    var frame = await ReceiveObjectAsync(socket, connection.Stopping.Token);
                    if (frame is null) break; // closed by the client
                    var type = Str(frame, "type");
                    if (type == "ping" && Str(frame, "id") is { } pingId)
                    {
                        await connection.SendAsync(new JsonObject { ["id"] = pingId, ["type"] = "pong" });
                    }
                    else if (type == "ack" && Str(frame, "messageId") is { } messageId)
                    {
                        _ = ApplyAckAsync(queue, connection, messageId, TimeSpan.FromMilliseconds(Math.Max(0, options.Value.SocketAckDelayMs)));
                    }
                }
                await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "done");
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or JsonException)
            {
            }
            finally
            {
                connection.Abort();
                await sending;
            }
        }
        finally
        {
            dropTimer?.Dispose();
            bool ended;
            lock (queue.Gate)
            {
                ended = queue.Live == connection; // false: another connection replaced this one (and took over its frames)
                if (ended)
                {
                    queue.Live = null;
                    foreach (var f in queue.Pending.Where(f => f.Sent))
                    {
                        f.Sent = false; // not acknowledged on this connection: the next one gets it again
                        queue.Redelivered++;
                    }
                }
            }
            if (options.Value.SocketRefuseReconnectOnce && ended) Interlocked.Exchange(ref _refuseNext, 1);
        }
    }

    private async Task SendLoopAsync(DeviceQueue queue, Connection connection, string conversationBase)
    {
        long sequence = 0;
        try
        {
            while (!connection.Stopping.IsCancellationRequested)
            {
                List<PendingFrame> due;
                lock (queue.Gate)
                {
                    due = queue.Pending.Where(f => !f.Sent).ToList();
                    foreach (var f in due) f.Sent = true;
                }
                foreach (var f in due)
                {
                    var activity = (JsonObject)f.Activity.DeepClone();
                    if (activity["target"] is JsonObject target) target["url"] = $"{conversationBase}/conversations/{target["id"]}";
                    await connection.SendAsync(new JsonObject
                    {
                        ["id"] = f.Id,
                        ["data"] = new JsonObject { ["eventType"] = "conversation.activity", ["activity"] = activity },
                        ["timestamp"] = f.At.ToUnixTimeMilliseconds(),
                        ["trackingId"] = "sandbox_" + f.Id,
                        ["alertType"] = "full",
                        ["headers"] = new JsonObject(),
                        ["sequenceNumber"] = ++sequence,
                        ["wsWriteTimestamp"] = time.GetUtcNow().ToUnixTimeMilliseconds(),
                    });
                    lock (queue.Gate) queue.Delivered++;
                }
                await connection.WaitForWorkAsync();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ApplyAckAsync(DeviceQueue queue, Connection connection, string frameId, TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, time, connection.Stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return; // the connection ended first: the frame counts as not acknowledged
        }
        lock (queue.Gate)
        {
            if (queue.Live != connection) return;
            if (queue.Pending.RemoveAll(f => f.Id == frameId && f.Sent) > 0) queue.Acked++;
        }
    }

    private static string? Str(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static async Task<JsonObject?> ReceiveObjectAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(), ct);
            if (read.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, read.Count);
            if (message.Length > 64 * 1024) throw new WebSocketException("Frame too large.");
            if (!read.EndOfMessage) continue;
            if (JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length)) is JsonObject o) return o;
            message.SetLength(0);
        }
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseAsync(status, reason, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    private sealed class DeviceQueue
    {
        public readonly Lock Gate = new();
        public readonly List<PendingFrame> Pending = [];
        public Connection? Live;
        public long Delivered, Acked, Redelivered, Dropped;
        public int Connections;
    }

    private sealed class PendingFrame(string id, JsonObject activity, DateTimeOffset at)
    {
        public string Id { get; } = id;
        public JsonObject Activity { get; } = activity;
        public DateTimeOffset At { get; } = at;
        public bool Sent { get; set; }
    }

    private sealed class Connection(WebSocket socket, CancellationTokenSource stopping) : IDisposable
    {
        private readonly SemaphoreSlim _send = new(1, 1);
        private readonly SemaphoreSlim _work = new(0, int.MaxValue);

        public CancellationTokenSource Stopping { get; } = stopping;

        public void Wake() => _work.Release();

        public Task WaitForWorkAsync() => _work.WaitAsync(Stopping.Token);

        public async Task SendAsync(JsonObject frame)
        {
            await _send.WaitAsync(Stopping.Token);
            try
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, true, Stopping.Token);
            }
            finally
            {
                _send.Release();
            }
        }

        public async Task CloseAsync(WebSocketCloseStatus status, string reason)
        {
            await MercuryHub.CloseAsync(socket, status, reason);
            Abort();
        }

        /// <summary>Ends the connection at once: to the client it looks like the network went away (1006).</summary>
        public void Abort()
        {
            try
            {
                Stopping.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
            socket.Abort();
        }

        public void Dispose()
        {
            Stopping.Dispose();
            _send.Dispose();
            _work.Dispose();
        }
    }
}
