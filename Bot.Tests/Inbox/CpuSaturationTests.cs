using LicenseBot.Core.Inbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using LicenseBot.Tests.Harness;

namespace LicenseBot.Tests.Inbox;

/// <summary>
/// The inbox runs one turn per core while the process keeps every core busy: <see cref="CpuSaturation"/> on a clock and a
/// CPU time the test sets, and the worker's turns counted while they block.
/// </summary>
public sealed class CpuSaturationTests
{
    private sealed class Machine(int cores)
    {
        public FakeTimeProvider Time { get; } = new();
        public TimeSpan Cpu { get; set; }

        /// <summary>Wall time passes; the process uses <paramref name="share"/> of every core meanwhile.</summary>
        public void Run(TimeSpan wall, double share)
        {
            Cpu += wall * (share * cores);
            Time.Advance(wall);
        }

        public CpuSaturation Saturation() => new(() => Cpu, Time, cores);
    }

    [Fact]
    public void Saturated_from_nine_tenths_of_every_core_and_clear_again_only_below_seven_tenths()
    {
        var machine = new Machine(cores: 2);
        var cpu = machine.Saturation();

        machine.Run(TimeSpan.FromMilliseconds(300), 0.85);
        Assert.False(cpu.IsSaturated);
        machine.Run(TimeSpan.FromMilliseconds(300), 0.95);
        Assert.True(cpu.IsSaturated);
        machine.Run(TimeSpan.FromMilliseconds(300), 0.75); // between the two marks: stays as it was
        Assert.True(cpu.IsSaturated);
        machine.Run(TimeSpan.FromMilliseconds(300), 0.6);
        Assert.False(cpu.IsSaturated);
        machine.Run(TimeSpan.FromMilliseconds(300), 0.75);
        Assert.False(cpu.IsSaturated);
    }

    [Fact]
    public void A_burst_shorter_than_the_window_is_judged_with_the_rest_of_the_window()
    {
        var machine = new Machine(cores: 4);
        var cpu = machine.Saturation();
        machine.Run(TimeSpan.FromMilliseconds(100), 1.0);
        Assert.False(cpu.IsSaturated); // a window is not over yet: as before
        machine.Run(TimeSpan.FromMilliseconds(200), 0.5);
        Assert.False(cpu.IsSaturated); // 300 ms at (100×1 + 200×0.5)/300 = 67%
    }

    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 4)]
    public async Task While_every_core_is_busy_the_worker_runs_one_turn_per_core(bool saturated, int expected)
    {
        var machine = new Machine(cores: 2);
        var cpu = machine.Saturation();
        machine.Run(TimeSpan.FromSeconds(1), saturated ? 1.0 : 0.2);

        await using var db = new TestDatabase(new InboxMigrations());
        var options = Options.Create(new InboxOptions { MaxParallelSpaces = 4, PollInterval = TimeSpan.FromMilliseconds(20) });
        await using var inbox = new EventInbox(db.Database, options, TimeProvider.System, NullLogger<EventInbox>.Instance);
        var handler = new CountingHandler();
        await using var worker = new InboxWorker(inbox, handler, options, TimeProvider.System, NullLogger<InboxWorker>.Instance, cpu);
        for (var i = 0; i < 24; i++) await inbox.AcceptAsync(EventInboxTests.Event($"E-{i}", $"R-{i % 8}"), CancellationToken.None);
        await worker.StartAsync(CancellationToken.None);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (handler.Count < 24 && DateTime.UtcNow < deadline) await Task.Delay(20);
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(24, handler.Count);
        Assert.Equal(expected, handler.MostAtOnce);
    }

    /// <summary>Each turn takes a while, so turns the worker lets run side by side overlap.</summary>
    private sealed class CountingHandler : IInboxHandler
    {
        private int _now;
        private int _most;
        private int _count;

        public int Count => Volatile.Read(ref _count);
        public int MostAtOnce => Volatile.Read(ref _most);

        public async Task HandleAsync(LicenseBot.Core.Webex.Models.WebhookEnvelope envelope, CancellationToken ct)
        {
            var now = Interlocked.Increment(ref _now);
            int most;
            while (now > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, most) != most)
            {
            }
            await Task.Delay(60, ct);
            Interlocked.Decrement(ref _now);
            Interlocked.Increment(ref _count);
        }
    }
}
