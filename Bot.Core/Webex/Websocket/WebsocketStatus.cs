namespace LicenseBot.Core.Webex.Websocket;

/// <summary>
/// What the event socket is doing, for the health check and the log: connected or not, since when, how often it came
/// back, and whether an outage was longer than Webex keeps events (<see cref="WebsocketOptions.BufferWindow"/>).
/// Thread-safe; readers get a consistent <see cref="Snapshot"/>.
/// </summary>
public sealed class WebsocketStatus(TimeProvider time)
{
    private readonly Lock _gate = new();
    private WebsocketState _state = WebsocketState.Starting;
    private DateTimeOffset? _since;
    private DateTimeOffset? _lastDisconnected;
    private int _reconnects;
    private int? _lastCloseCode;
    private string? _lastError;
    private MissedWindow? _missed;
    private long _events;

    public WebsocketSnapshot Snapshot
    {
        get
        {
            lock (_gate) return new WebsocketSnapshot(_state, _since, _reconnects, _lastCloseCode, _lastError, _missed, _events);
        }
    }

    public bool IsConnected
    {
        get
        {
            lock (_gate) return _state == WebsocketState.Connected;
        }
    }

    /// <summary>The socket is ready. Returns the outage it ends when that was longer than <paramref name="bufferWindow"/>.</summary>
    public MissedWindow? MarkConnected(TimeSpan bufferWindow)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            MissedWindow? gap = null;
            if (_lastDisconnected is { } down)
            {
                _reconnects++;
                if (now - down > bufferWindow) _missed = gap = new MissedWindow(down, now);
            }
            (_state, _since, _lastDisconnected, _lastError) = (WebsocketState.Connected, now, null, null);
            return gap;
        }
    }

    /// <summary>The socket closed or an attempt failed; an outage starts when it was connected.</summary>
    public void MarkDisconnected(int? closeCode, string? error)
    {
        lock (_gate)
        {
            if (_state == WebsocketState.Connected)
            {
                var now = time.GetUtcNow();
                (_state, _since, _lastDisconnected) = (WebsocketState.Reconnecting, now, now);
            }
            (_lastCloseCode, _lastError) = (closeCode ?? _lastCloseCode, error);
        }
    }

    public void MarkReplaced(int closeCode)
    {
        lock (_gate) (_state, _since, _lastCloseCode, _lastError) = (WebsocketState.Replaced, time.GetUtcNow(), closeCode, "Webex says another connection replaced this one");
    }

    public void MarkStopped()
    {
        lock (_gate) _state = _state == WebsocketState.Replaced ? _state : WebsocketState.Stopped;
    }

    public void CountEvent() => Interlocked.Increment(ref _events);
}

public enum WebsocketState
{
    Starting,
    Connected,
    Reconnecting,

    /// <summary>Webex closed with 4000: another connection of the same device took over; this one stops for good.</summary>
    Replaced,
    Stopped,
}

/// <summary>An outage longer than Webex keeps events: events from <see cref="From"/> to <see cref="To"/> may never arrive.</summary>
public sealed record MissedWindow(DateTimeOffset From, DateTimeOffset To);

public sealed record WebsocketSnapshot(WebsocketState State, DateTimeOffset? Since, int Reconnects, int? LastCloseCode, string? LastError, MissedWindow? MissedEvents, long Events);
