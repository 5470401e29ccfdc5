using LicenseBot.Core.Webex;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LicenseBot.Tests.Webex;

public sealed class WebexPacerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private WebexPacer Pacer(double rate = 0, int maxConcurrency = 32) =>
        new(Options.Create(new WebexOptions { RequestsPerSecond = rate, MaxConcurrency = maxConcurrency }), _time);

    [Fact]
    public async Task A_configured_rate_spaces_calls_evenly()
    {
        var pacer = Pacer(rate: 10);

        using (await pacer.AcquireAsync(1)) { }
        var second = pacer.AcquireAsync(1).AsTask();
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        (await second).Dispose();
    }

    [Fact]
    public async Task Before_any_429_calls_are_not_paced()
    {
        var pacer = Pacer();

        for (var i = 0; i < 20; i++)
        {
            var lease = await pacer.AcquireAsync(1);
            pacer.Report(lease, 200, null);
            lease.Dispose();
        }

        Assert.Equal(0, pacer.Rate);
        Assert.Equal(20, pacer.Calls);
    }

    [Fact]
    public async Task A_429_pauses_every_caller_for_its_retry_after_and_sets_the_rate_from_the_last_second()
    {
        var pacer = Pacer();
        for (var i = 0; i < 40; i++)
        {
            var ok = await pacer.AcquireAsync(1);
            pacer.Report(ok, 200, null);
            ok.Dispose();
        }

        var throttled = await pacer.AcquireAsync(1);
        pacer.Report(throttled, 429, TimeSpan.FromSeconds(2));
        throttled.Dispose();
        var a = pacer.AcquireAsync(1).AsTask();
        var b = pacer.AcquireAsync(1).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(a.IsCompleted || b.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        (await a).Dispose();
        Assert.False(b.IsCompleted); // paced now: 40 answered in the last second → 38.8 a second, one every ~26 ms
        _time.Advance(TimeSpan.FromMilliseconds(26));
        (await b).Dispose();
        Assert.Equal(1, pacer.Throttled);
        Assert.Equal(40 * WebexPacer.Backoff, pacer.Rate, 3);
    }

    [Fact]
    public async Task Answers_to_calls_sent_before_a_pause_lower_the_rate_once()
    {
        var pacer = Pacer(rate: 100);
        var leases = new List<System.Threading.RateLimiting.RateLimitLease>();
        for (var i = 0; i < 5; i++)
        {
            var acquiring = pacer.AcquireAsync(1).AsTask();
            _time.Advance(TimeSpan.FromMilliseconds(10));
            leases.Add(await acquiring);
        }

        foreach (var lease in leases) pacer.Report(lease, 429, TimeSpan.FromSeconds(1));

        Assert.Equal(5, pacer.Throttled);
        Assert.Equal(100 * WebexPacer.Backoff, pacer.Rate, 3); // lowered once, not five times
    }

    [Fact]
    public async Task A_pace_set_too_high_comes_down_to_what_webex_let_through_since_the_last_pause()
    {
        var pacer = Pacer(rate: 300); // a ceiling far above a budget of 200 a second
        var first = await pacer.AcquireAsync(1);
        pacer.Report(first, 429, TimeSpan.FromSeconds(1));
        first.Dispose();
        Assert.Equal(300 * WebexPacer.Backoff, pacer.Rate, 3); // nothing answered yet: only a little lower
        _time.Advance(TimeSpan.FromSeconds(1));

        // After the pause, paced: 200 go through within the window, then Webex refuses.
        for (var i = 0; i < 200; i++)
        {
            var acquiring = pacer.AcquireAsync(1).AsTask();
            _time.Advance(TimeSpan.FromSeconds(1 / pacer.Rate));
            var lease = await acquiring;
            pacer.Report(lease, 200, null);
            lease.Dispose();
        }
        var refused = pacer.AcquireAsync(1).AsTask();
        _time.Advance(TimeSpan.FromSeconds(1 / pacer.Rate));
        var last = await refused;
        pacer.Report(last, 429, TimeSpan.FromSeconds(1));
        last.Dispose();

        // One 429 brings it to the budget, rather than 3% lower each time (which would take 14 pauses).
        Assert.Equal(200 * WebexPacer.Backoff, pacer.Rate, 3);
    }

    [Fact]
    public async Task One_429_at_most_halves_the_pace()
    {
        var pacer = Pacer(rate: 100);
        for (var i = 0; i < 10; i++)
        {
            var acquiring = pacer.AcquireAsync(1).AsTask();
            _time.Advance(TimeSpan.FromMilliseconds(10));
            var lease = await acquiring;
            pacer.Report(lease, 200, null);
            lease.Dispose();
        }
        var throttled = pacer.AcquireAsync(1).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(10));
        var refused = await throttled;
        pacer.Report(refused, 429, TimeSpan.FromSeconds(1)); // 10 let through in the last second: someone else shares the budget

        Assert.Equal(50 * WebexPacer.Backoff, pacer.Rate, 3);
    }

    [Fact]
    public async Task Calls_still_in_flight_when_a_429_comes_back_count_toward_the_budget()
    {
        // Webex answers a 429 at once, while the calls it counted before it are still on their round trip: they are
        // part of the budget all the same (counting answers only took 7 for 0 here).
        var pacer = Pacer();
        var inFlight = new List<System.Threading.RateLimiting.RateLimitLease>();
        for (var i = 0; i < 7; i++) inFlight.Add(await pacer.AcquireAsync(1)); // 8 may be in flight before the first 429
        var refused = await pacer.AcquireAsync(1);

        pacer.Report(refused, 429, TimeSpan.FromSeconds(1));
        refused.Dispose();
        foreach (var lease in inFlight)
        {
            pacer.Report(lease, 200, null);
            lease.Dispose();
        }

        Assert.Equal(7 * WebexPacer.Backoff, pacer.Rate, 3);
        Assert.Equal(1, pacer.Throttled);
    }

    [Fact]
    public async Task Calls_refused_in_the_same_burst_are_taken_out_of_the_count_when_their_answers_come()
    {
        var pacer = Pacer();
        await LetThrough(pacer, 20);
        // Three more go at once; Webex refuses all three, but the last one's answer comes back first.
        var burst = new[] { await pacer.AcquireAsync(1), await pacer.AcquireAsync(1), await pacer.AcquireAsync(1) };
        pacer.Report(burst[2], 429, TimeSpan.FromSeconds(1));
        Assert.Equal(22 * WebexPacer.Backoff, pacer.Rate, 3); // 22 sent before it, as far as anyone knows yet

        pacer.Report(burst[0], 429, TimeSpan.FromSeconds(1));
        pacer.Report(burst[1], 429, TimeSpan.FromSeconds(1));
        foreach (var lease in burst) lease.Dispose();

        Assert.Equal(20 * WebexPacer.Backoff, pacer.Rate, 3); // Webex let 20 through
        Assert.Equal(3, pacer.Throttled);
    }

    [Fact]
    public async Task A_429_soon_after_the_last_steps_the_pace_down_harder_for_a_while()
    {
        var pacer = Pacer(rate: 100);
        var first = await pacer.AcquireAsync(1);
        pacer.Report(first, 429, TimeSpan.FromSeconds(1)); // nothing sent before it: a little lower, 97 a second
        first.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));

        // Paced for 1.2 s with no 429, then one: a second's count (97) spans two of Webex's windows and says nothing, but
        // coming 2.2 s after the last, the pace is still well too high.
        var until = _time.GetUtcNow() + TimeSpan.FromSeconds(1.2);
        while (_time.GetUtcNow() < until)
        {
            var acquiring = pacer.AcquireAsync(1).AsTask();
            _time.Advance(TimeSpan.FromSeconds(1 / pacer.Rate));
            var lease = await acquiring;
            pacer.Report(lease, 200, null);
            lease.Dispose();
        }
        var last = pacer.AcquireAsync(1).AsTask();
        _time.Advance(TimeSpan.FromSeconds(1 / pacer.Rate));
        var refused = await last;
        pacer.Report(refused, 429, TimeSpan.FromSeconds(1));
        refused.Dispose();

        var stepped = 100 * WebexPacer.Backoff * WebexPacer.SteepBackoff * WebexPacer.Backoff;
        Assert.Equal(stepped, pacer.Rate, 3);

        // The budget it measured was the pace before (97 a second went through since the pause): two seconds with no
        // 429, and the pace is halfway back to 97% of that.
        await WaitedCallAfter(pacer, TimeSpan.FromSeconds(2));
        Assert.Equal((stepped + 100 * WebexPacer.Backoff * WebexPacer.Backoff) / 2, pacer.Rate, 3);
    }

    [Fact]
    public async Task Near_the_budget_a_429_showed_the_pace_rises_one_percent_in_half_a_minute_even_at_a_low_rate()
    {
        var pacer = await PacedAfterA429At(20);
        Assert.Equal(20 * WebexPacer.Backoff, pacer.Rate, 3);

        // Callers wait for their slots (the pace holds them back): ten seconds on, the pace has not moved.
        await WaitedCallAfter(pacer, TimeSpan.FromSeconds(10));
        Assert.Equal(20 * WebexPacer.Backoff, pacer.Rate, 3);

        await WaitedCallAfter(pacer, WebexPacer.ProbeEvery - TimeSpan.FromSeconds(10));
        Assert.Equal(20 * WebexPacer.Backoff * 1.01, pacer.Rate, 3); // one step of 1%; half a call more would be 2.5% and past 20
    }

    [Fact]
    public async Task Past_the_budget_a_429_showed_with_no_new_429_the_pace_rises_quickly_again()
    {
        var pacer = await PacedAfterA429At(20);

        // Probe after probe goes through: the budget was raised.
        for (var probe = 0; probe < 20 && pacer.Rate <= 20 * 1.03; probe++) await WaitedCallAfter(pacer, WebexPacer.ProbeEvery);
        var past = pacer.Rate;
        Assert.True(past > 20 * 1.03, $"the pace stayed at {past:0.00} a second");
        await WaitedCallAfter(pacer, TimeSpan.FromSeconds(1));

        Assert.Equal(past * 1.05 + 0.5, pacer.Rate, 3);
    }

    /// <summary>An unpaced pacer after <paramref name="calls"/> calls and a 429: paced at 97% of that a second.</summary>
    private Task<WebexPacer> PacedAfterA429At(int calls) => PacedAfterA429At(Pacer(), calls);

    /// <summary><paramref name="calls"/> calls let through and answered, then one refused with a second's <c>Retry-After</c>.</summary>
    internal static async Task<WebexPacer> PacedAfterA429At(WebexPacer pacer, int calls)
    {
        await LetThrough(pacer, calls);
        var throttled = await pacer.AcquireAsync(1);
        pacer.Report(throttled, 429, TimeSpan.FromSeconds(1));
        throttled.Dispose();
        return pacer;
    }

    /// <summary><paramref name="calls"/> calls let through and answered.</summary>
    private static async Task LetThrough(WebexPacer pacer, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            var ok = await pacer.AcquireAsync(1);
            pacer.Report(ok, 200, null);
            ok.Dispose();
        }
    }

    /// <summary>Two calls, the second waiting for its paced slot, both answered <paramref name="after"/> from now.</summary>
    private async Task WaitedCallAfter(WebexPacer pacer, TimeSpan after)
    {
        var first = pacer.AcquireAsync(1).AsTask();
        var second = pacer.AcquireAsync(1).AsTask();
        _time.Advance(after);
        foreach (var lease in await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10)))
        {
            pacer.Report(lease, 200, null);
            lease.Dispose();
        }
    }

    [Fact]
    public async Task Calls_let_through_late_never_put_more_calls_in_one_second_than_the_pace()
    {
        var pacer = Pacer(rate: 4);
        var calls = Enumerable.Range(0, 8).Select(_ => pacer.AcquireAsync(1).AsTask()).ToList(); // slots 0, 250, …, 1,750 ms
        Assert.True(calls[0].IsCompleted);

        // Nobody woke up on time (a busy machine): two seconds pass at once. Four go now, not all seven that are due.
        _time.Advance(TimeSpan.FromSeconds(2));
        await Task.WhenAll(calls.Take(5)).WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(50);
        Assert.All(calls.Skip(5), c => Assert.False(c.IsCompleted));

        // The rest go once those four are a second old.
        _time.Advance(TimeSpan.FromMilliseconds(1001));
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_5xx_does_not_change_the_rate()
    {
        var pacer = Pacer(rate: 20);

        var lease = await pacer.AcquireAsync(1);
        pacer.Report(lease, 503, null);

        Assert.Equal(20, pacer.Rate);
        Assert.Equal(0, pacer.Throttled);
    }

    [Fact]
    public async Task Calls_in_flight_are_bounded_and_a_finished_call_lets_the_next_in()
    {
        var pacer = Pacer(maxConcurrency: 2);
        var first = await pacer.AcquireAsync(1);
        var second = await pacer.AcquireAsync(1);

        var third = pacer.AcquireAsync(1).AsTask();
        Assert.False(third.IsCompleted);

        first.Dispose();
        (await third).Dispose();
        second.Dispose();
    }

    [Fact]
    public async Task A_page_takes_the_next_free_place_before_calls_already_waiting()
    {
        var pacer = Pacer(maxConcurrency: 1);
        var held = await pacer.AcquireAsync(1);
        var change = pacer.AcquireAsync(1).AsTask();
        var read = pacer.AcquireAheadAsync(CancellationToken.None).AsTask();
        Assert.False(change.IsCompleted);
        Assert.False(read.IsCompleted);

        held.Dispose();
        var readLease = await read;
        Assert.False(change.IsCompleted); // the change queued first, but the read went
        readLease.Dispose();
        (await change).Dispose();
    }

    [Fact]
    public async Task A_page_takes_the_earliest_paced_slot_a_waiting_call_holds()
    {
        var pacer = Pacer(rate: 10);
        using (await pacer.AcquireAsync(1)) { }
        var change = pacer.AcquireAsync(1).AsTask(); // holds the slot in 100 ms
        var page = pacer.AcquireAheadAsync(CancellationToken.None).AsTask();

        _time.Advance(TimeSpan.FromMilliseconds(100));
        (await page.WaitAsync(TimeSpan.FromSeconds(10))).Dispose(); // real time: without the swap it would wait for the next slot
        Assert.False(change.IsCompleted); // moved to the next slot
        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(change.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        (await change).Dispose();
    }

    [Fact]
    public async Task A_cancelled_page_gives_its_place_back()
    {
        var pacer = Pacer(maxConcurrency: 1);
        var held = await pacer.AcquireAsync(1);
        using var cancel = new CancellationTokenSource();

        var waiting = pacer.AcquireAheadAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        held.Dispose();
        (await pacer.AcquireAsync(1)).Dispose();
    }

    [Fact]
    public async Task A_cancelled_wait_gives_its_place_back()
    {
        var pacer = Pacer(maxConcurrency: 1);
        var held = await pacer.AcquireAsync(1);
        using var cancel = new CancellationTokenSource();

        var waiting = pacer.AcquireAsync(1, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        held.Dispose();
        (await pacer.AcquireAsync(1)).Dispose();
    }
}
