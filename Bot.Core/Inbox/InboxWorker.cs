using LicenseBot.Core.Diagnostics;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Inbox;

/// <summary>What turns a stored event into the bot's answer (the conversation layer implements it).</summary>
public interface IInboxHandler
{
    Task HandleAsync(WebhookEnvelope envelope, CancellationToken ct);
}

/// <summary>
/// Handles the inbox's events, from storage: claims the oldest unhandled event of up to
/// <see cref="InboxOptions.MaxParallelSpaces"/> spaces under a lease (renewed while the turn runs; while the process
/// keeps every core busy, at most one space per core: <see cref="CpuSaturation"/>), hands each to the
/// <see cref="IInboxHandler"/>, and marks it handled after its turn — so one space's events run one after another, in
/// the order they were stored, spaces side by side, and an event is handled by one instance at a time. Woken by every
/// event this instance stores, and polls (<see cref="InboxOptions.PollInterval"/>) for events stored by other instances
/// and for leases that ran out (an instance that died mid-turn: its event is taken over and handled again).
/// <para>At a graceful stop it takes nothing new, lets running turns finish within the host's shutdown timeout and lets
/// go of the rest; events not handled stay stored and are handled after the restart.</para>
/// </summary>
public sealed class InboxWorker(EventInbox inbox, IInboxHandler handler, IOptions<InboxOptions> options, TimeProvider time, ILogger<InboxWorker> logger,
    CpuSaturation? cpu = null)
    : IHostedService, IAsyncDisposable
{
    private readonly CpuSaturation _cpu = cpu ?? CpuSaturation.ForThisProcess();

    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly CancellationTokenSource _stopClaiming = new();
    private readonly CancellationTokenSource _stopTurns = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Task> _running = [];
    private Task? _loop;
    private int _disposed;

    /// <summary>This instance's name on the leases it holds.</summary>
    public string Owner => _owner;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Telemetry.ObserveInboxDepth(() => inbox.Depth);
        _loop = Task.Run(() => LoopAsync(_stopClaiming.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopClaiming.CancelAsync();
        if (_loop is not null) await _loop;
        Task[] running;
        lock (_lock) running = [.. _running.Values];
        try
        {
            await Task.WhenAll(running).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("{Count} turns did not finish before shutdown; their events stay in the inbox and are handled after the restart", running.Count(t => !t.IsCompleted));
            await _stopTurns.CancelAsync();
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        try
        {
            await inbox.ReleaseAsync(_owner, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning("Letting go of the inbox leases failed ({Error}); they run out by themselves", e.Message);
        }
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        var o = options.Value;
        var lastCount = DateTimeOffset.MinValue;
        var lastRenew = time.GetUtcNow();
        var lastPrune = DateTimeOffset.MinValue;
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                if (now - lastPrune > TimeSpan.FromHours(1))
                {
                    lastPrune = now;
                    var pruned = await inbox.PruneAsync(o.KeepHandled, stopping);
                    if (pruned > 0) logger.LogInformation("Pruned {Count} handled inbox events older than {Age}", pruned, o.KeepHandled);
                }
                if (now - lastCount >= o.PollInterval)
                {
                    lastCount = now;
                    await inbox.CountWaitingAsync(stopping);
                }
                if (now - lastRenew >= o.LeaseDuration / 3)
                {
                    lastRenew = now;
                    long[] held;
                    lock (_lock) held = [.. _running.Keys];
                    await inbox.RenewAsync(_owner, held, now + o.LeaseDuration, stopping);
                }

                int free;
                var limit = Limit();
                lock (_lock) free = limit - _running.Count;
                if (free > 0)
                {
                    var claimed = await inbox.ClaimAsync(_owner, time.GetUtcNow() + o.LeaseDuration, free, stopping);
                    foreach (var item in claimed) Start(item, () => finished.TrySetResult());
                    if (claimed.Count == free) continue; // there may be more waiting: claim again at once
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "An inbox round failed; trying again at the next poll");
            }

            // Sleep until an event is stored here, a turn ends (a space may have its next event), or the poll interval.
            var wake = finished.Task;
            try
            {
                await Task.WhenAny(inbox.WaitForStoredAsync(Min(o.PollInterval, o.LeaseDuration / 3), stopping), wake);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (wake.IsCompleted) finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Turns run at once: the configured spaces, at most one per core while the process keeps every core busy.</summary>
    private int Limit()
    {
        var max = Math.Max(1, options.Value.MaxParallelSpaces);
        return _cpu.IsSaturated ? Math.Min(max, Math.Max(1, _cpu.Cores)) : max;
    }

    private void Start(InboxItem item, Action onFinished)
    {
        lock (_lock)
        {
            if (_running.ContainsKey(item.Seq)) return; // our own lease renewed late and claimed again: it is running
            if (_stopClaiming.IsCancellationRequested) return; // stopping: the lease is let go at the end of StopAsync
            _running[item.Seq] = Task.Run(async () =>
            {
                try
                {
                    await RunAsync(item, onFinished);
                }
                finally
                {
                    lock (_lock) _running.Remove(item.Seq);
                    onFinished();
                }
            });
        }
    }

    private async Task RunAsync(InboxItem item, Action onFinished)
    {
        if (item.PreviousOwner is { } previous && previous != _owner)
        {
            Telemetry.LeaseTakeovers.Add(1, new KeyValuePair<string, object?>("kind", "inbox"));
            logger.LogWarning("Inbox event {Seq} of space {Space} was held by {Previous}, whose lease ran out; handling it here (attempt {Attempt})",
                item.Seq, item.SpaceId, previous, item.Attempts);
        }
        try
        {
            if (item.Attempts > Math.Max(1, options.Value.MaxAttempts))
            {
                logger.LogError("Inbox event {Seq} ({Resource}) of space {Space} was started {Attempts} times without finishing; set aside unhandled",
                    item.Seq, item.Resource, item.SpaceId, item.Attempts - 1);
            }
            else
            {
                await handler.HandleAsync(item.ToEnvelope(), _stopTurns.Token);
            }
        }
        catch (OperationCanceledException) when (_stopTurns.IsCancellationRequested)
        {
            return; // stopped mid-turn: the event stays unhandled and is handled after the restart
        }
        catch (Exception e)
        {
            // The turn failed in a way the handler did not answer itself; handling it again would fail the same way.
            logger.LogError(e, "Handling inbox event {Seq} ({Resource}) of space {Space} failed", item.Seq, item.Resource, item.SpaceId);
        }

        // Marked handled after the turn. Retried, so a short database hiccup does not hand the event to a second turn.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var limit = Limit();
                bool over;
                lock (_lock) over = _running.Count > limit; // this turn still counts: fewer now run at once
                if (_stopClaiming.IsCancellationRequested || over)
                {
                    await inbox.CompleteAsync(item.Seq, CancellationToken.None);
                    return;
                }
                // With the completion, the next waiting event (often this space's next) is claimed in the same commit.
                var next = await inbox.CompleteAndClaimAsync(item.Seq, _owner, time.GetUtcNow() + options.Value.LeaseDuration, 1, CancellationToken.None);
                foreach (var claimed in next) Start(claimed, onFinished);
                return;
            }
            catch (Exception e) when (attempt < 5)
            {
                logger.LogWarning("Marking inbox event {Seq} handled failed ({Error}); trying again", item.Seq, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time, CancellationToken.None);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return; // registered as itself and as a hosted service: disposed twice
        await _stopClaiming.CancelAsync();
        await _stopTurns.CancelAsync();
        if (_loop is not null) await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        _stopClaiming.Dispose();
        _stopTurns.Dispose();
    }
}
