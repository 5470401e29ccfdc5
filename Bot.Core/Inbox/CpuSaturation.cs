namespace LicenseBot.Core.Inbox;

/// <summary>
/// Whether this process keeps every core busy, from its CPU time over the last quarter of a second: saturated from 90% of
/// all cores, clear again below 70% (so it does not flip at every sample). The inbox runs at most one turn per core while
/// saturated: turns that wait for the CPU rather than for Webex go no faster side by side, and every delivery waiting
/// for its acknowledgement would wait behind them. Hand-written because no maintained .NET library adapts a concurrency
/// limit to the CPU; it is a few lines over <see cref="Environment.CpuUsage"/>.
/// </summary>
public sealed class CpuSaturation(Func<TimeSpan> cpuTime, TimeProvider time, int cores)
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);
    private const double Enter = 0.9;
    private const double Leave = 0.7;

    private readonly Lock _lock = new();
    private long _sampledAt = time.GetTimestamp();
    private TimeSpan _cpuAt = cpuTime();
    private bool _saturated;

    /// <summary>The process's own CPU time on every core of this machine, against the system clock (whatever time the rest of the bot is given).</summary>
    public static CpuSaturation ForThisProcess() => new(() => Environment.CpuUsage.TotalTime, TimeProvider.System, Environment.ProcessorCount);

    /// <summary>The cores of this machine.</summary>
    public int Cores => cores;

    /// <summary>As of the last full window; a new window is measured when the last is over.</summary>
    public bool IsSaturated
    {
        get
        {
            lock (_lock)
            {
                var elapsed = time.GetElapsedTime(_sampledAt);
                if (elapsed < Window) return _saturated;
                var cpu = cpuTime();
                var share = (cpu - _cpuAt).TotalSeconds / (elapsed.TotalSeconds * Math.Max(1, cores));
                _saturated = _saturated ? share >= Leave : share >= Enter;
                _sampledAt = time.GetTimestamp();
                _cpuAt = cpu;
                return _saturated;
            }
        }
    }
}
