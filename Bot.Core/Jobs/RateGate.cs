using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Jobs;

/// <summary>
/// The one gate every bulk call to Webex passes, shared by all workers and jobs. It spaces calls evenly at
/// <see cref="JobsOptions.RequestsPerSecond"/> (bursts are what trip a rate limit), and when Webex answers
/// <c>429</c> it holds everyone back for the <c>Retry-After</c> Webex asked for, not just the worker that got it.
/// </summary>
public sealed class RateGate(IOptions<JobsOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private long _throttled;

    /// <summary>How many 429 answers the gate has obeyed.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Waits for this call's turn.</summary>
    public async Task WaitAsync(CancellationToken ct)
    {
        while (true)
        {
            var (wait, reserved) = Reserve();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time, ct);
            if (reserved) return;
        }
    }

    /// <summary>Takes the next slot (paced mode), or says how long the current 429 pause still lasts.</summary>
    private (TimeSpan Wait, bool Reserved) Reserve()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var earliest = _pausedUntil > now ? _pausedUntil : now;
            var rate = options.Value.RequestsPerSecond;
            if (rate <= 0) return earliest <= now ? (TimeSpan.Zero, true) : (earliest - now, false);
            var slot = _nextSlot > earliest ? _nextSlot : earliest;
            _nextSlot = slot + TimeSpan.FromSeconds(1 / rate);
            return (slot - now, true);
        }
    }

    /// <summary>Webex said <c>429</c>: nobody calls again before <paramref name="retryAfter"/> has passed (a second when Webex did not say).</summary>
    public void Throttle(TimeSpan? retryAfter)
    {
        var pause = retryAfter is { } r && r >= TimeSpan.Zero ? r : TimeSpan.FromSeconds(1);
        lock (_lock)
        {
            var until = time.GetUtcNow() + pause;
            if (until > _pausedUntil) _pausedUntil = until;
        }
        Interlocked.Increment(ref _throttled);
    }
}
