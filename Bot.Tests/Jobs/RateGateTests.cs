using LicenseBot.Core.Jobs;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LicenseBot.Tests.Jobs;

public sealed class RateGateTests
{
    [Fact]
    public async Task Paced_calls_are_spaced_evenly_at_the_configured_rate()
    {
        var time = new FakeTimeProvider();
        var gate = new RateGate(Options.Create(new JobsOptions { RequestsPerSecond = 10 }), time);

        await gate.WaitAsync(CancellationToken.None);
        var second = gate.WaitAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await second;
    }

    [Fact]
    public async Task A_429_holds_every_caller_back_for_its_retry_after()
    {
        var time = new FakeTimeProvider();
        var gate = new RateGate(Options.Create(new JobsOptions()), time);

        gate.Throttle(TimeSpan.FromSeconds(2));
        var a = gate.WaitAsync(CancellationToken.None);
        var b = gate.WaitAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(a.IsCompleted || b.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Task.WhenAll(a, b);
        Assert.Equal(1, gate.Throttled);
    }
}
