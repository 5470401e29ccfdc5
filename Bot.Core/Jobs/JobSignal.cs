using System.Threading.Channels;

namespace LicenseBot.Core.Jobs;

/// <summary>Wakes the job runner when a job is confirmed or cancelled, instead of waiting for its next poll.</summary>
public sealed class JobSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _lock = new();
    private readonly HashSet<string> _cancelled = new(StringComparer.Ordinal);

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Tells a job running in this process to stop taking rows now (the database flag tells other instances).</summary>
    public void Cancel(string jobId)
    {
        lock (_lock) _cancelled.Add(jobId);
        Notify();
    }

    public bool IsCancelled(string jobId)
    {
        lock (_lock) return _cancelled.Contains(jobId);
    }

    /// <summary>Waits for a notification or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, time, timeoutCts.Token);
        var signal = _channel.Reader.WaitToReadAsync(timeoutCts.Token).AsTask();
        await Task.WhenAny(delay, signal);
        await timeoutCts.CancelAsync();
        _channel.Reader.TryRead(out _);
        ct.ThrowIfCancellationRequested();
    }
}
