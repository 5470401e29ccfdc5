// The event intake as it was before the durable inbox (commit 6789019), kept only so the inbox benchmark can measure
// the old path and the new one side by side in one process, through the same endpoint: ProcessedEventLog (one INSERT per
// delivery, here in its own table because the inbox migration folds webhook_events into inbox_events), the bounded
// in-memory per-room queue (capacity 1000, 4 rooms in parallel) and the 503 when it is full. Not used by the bot.
using Dapper;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Diagnostics;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex.Models;
using LicenseBot.Core.Webex.Websocket;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Benchmarks.Legacy;

/// <summary>The old <c>WebexEventIntake</c> + <c>WebhookEventQueue</c> + <c>ProcessedEventLog</c>, as one class.</summary>
public sealed class LegacyQueueIntake : IWebexEventSink, IAsyncDisposable
{
    public const int EventQueueCapacity = 1000;
    public const int MaxParallelRooms = 4;

    private readonly IBotDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger<LegacyQueueIntake> _logger;
    private readonly RoomOrderedQueue<WebhookEnvelope> _queue;
    private readonly SemaphoreSlim _tableLock = new(1, 1);
    private volatile bool _tableReady;

    public LegacyQueueIntake(WebexAdapter adapter, IBot bot, IBotDatabase database, TimeProvider time, ILogger<LegacyQueueIntake> logger)
    {
        _database = database;
        _time = time;
        _logger = logger;
        _queue = new RoomOrderedQueue<WebhookEnvelope>(EventQueueCapacity, MaxParallelRooms, (envelope, ct) => adapter.ProcessActivityAsync(envelope, bot, ct), logger);
    }

    public int Count => _queue.Count;

    public async Task<EventAcceptance> AcceptAsync(WebhookEnvelope envelope, CancellationToken ct)
    {
        var eventId = envelope.Data.Id;
        var resource = new KeyValuePair<string, object?>(Telemetry.Tags.Resource, envelope.Resource);
        Telemetry.EventsReceived.Add(1, resource);
        if (!await TryRecordAsync(eventId, envelope.Resource, ct))
        {
            Telemetry.EventsDeduplicated.Add(1, resource);
            return EventAcceptance.Duplicate;
        }
        envelope = envelope with { TraceParent = System.Diagnostics.Activity.Current?.Id };
        if (_queue.TryEnqueue(envelope.Data.RoomId ?? string.Empty, envelope)) return EventAcceptance.Accepted;
        await ForgetAsync(eventId, ct);
        _logger.LogWarning("Event queue full ({Count}); event {EventId} will be offered again", _queue.Count, eventId);
        return EventAcceptance.Busy;
    }

    private async Task<bool> TryRecordAsync(string eventId, string resource, CancellationToken ct)
    {
        await EnsureTableAsync(ct);
        await using var connection = await _database.OpenAsync(ct);
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO legacy_webhook_events (event_id, resource, received_at) VALUES (@eventId, @resource, @now) ON CONFLICT (event_id) DO NOTHING;",
            new { eventId, resource, now = _time.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return rows == 1;
    }

    private async Task ForgetAsync(string eventId, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM legacy_webhook_events WHERE event_id = @eventId;", new { eventId }, cancellationToken: ct));
    }

    private async Task EnsureTableAsync(CancellationToken ct)
    {
        if (_tableReady) return;
        await _tableLock.WaitAsync(ct);
        try
        {
            if (_tableReady) return;
            await using var connection = await _database.OpenAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition("""
                CREATE TABLE IF NOT EXISTS legacy_webhook_events (event_id TEXT NOT NULL PRIMARY KEY, resource TEXT NOT NULL, received_at BIGINT NOT NULL);
                """, cancellationToken: ct));
            _tableReady = true;
        }
        finally
        {
            _tableLock.Release();
        }
    }

    public Task DrainAsync(CancellationToken ct) => _queue.DrainAsync(ct);

    public ValueTask DisposeAsync() => _queue.DisposeAsync();
}

/// <summary>
/// A bounded work queue for webhook events: one room's events run one after another, in arrival order; different rooms
/// run in parallel, at most <c>maxParallel</c> at a time. <see cref="TryEnqueue"/> refuses when <c>capacity</c> events
/// wait, so the endpoint can answer 503 and Webex delivers again later.
/// </summary>
public sealed class RoomOrderedQueue<T>(int capacity, int maxParallel, Func<T, CancellationToken, Task> process, ILogger logger) : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (Task Task, long Seq)> _tails = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _parallel = new(Math.Max(1, maxParallel), Math.Max(1, maxParallel));
    private readonly CancellationTokenSource _stopping = new();
    private int _count;
    private long _seq;

    public int Count => Volatile.Read(ref _count);

    public bool TryEnqueue(string roomKey, T item)
    {
        lock (_gate)
        {
            if (_count >= capacity || _stopping.IsCancellationRequested) return false;
            _count++;
            var seq = ++_seq;
            var previous = _tails.TryGetValue(roomKey, out var tail) ? tail.Task : Task.CompletedTask;
            _tails[roomKey] = (Task.Run(() => RunAfterAsync(previous, roomKey, seq, item)), seq);
            return true;
        }
    }

    /// <summary>Waits for queued work; when <paramref name="ct"/> fires first, the remaining work is cancelled.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        Task[] pending;
        lock (_gate) pending = _tails.Values.Select(t => t.Task).ToArray();
        try
        {
            await Task.WhenAll(pending).WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }
    }

    private async Task RunAfterAsync(Task previous, string roomKey, long seq, T item)
    {
        try
        {
            await previous; // never faults: every run catches its own errors
            await _parallel.WaitAsync(_stopping.Token);
            try
            {
                await process(item, _stopping.Token);
            }
            finally
            {
                _parallel.Release();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            logger.LogWarning("A webhook event of room {Room} was dropped at shutdown", roomKey);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Processing a webhook event of room {Room} failed", roomKey);
        }
        finally
        {
            lock (_gate)
            {
                _count--;
                if (_tails.TryGetValue(roomKey, out var tail) && tail.Seq == seq) _tails.Remove(roomKey);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _stopping.Dispose();
    }
}
