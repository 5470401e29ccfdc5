using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Webex;

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
