using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Webex;

/// <summary>
/// The one budget of admin API calls this instance shares — every job, every worker, every plan read — learnt from
/// what Webex answers, since Webex publishes no number (a <see cref="RateLimiter"/>: a lease is one call in flight).
/// <list type="bullet">
/// <item><b>Rate.</b> Unknown at first, so calls are not paced; the first <c>429</c> tells the budget: the calls sent in
/// the second before the refused one (everything Webex counted, answered or still in flight, less the calls refused in
/// the same burst as their answers come) times <see cref="Backoff"/>. Unpaced calls may bunch across two of Webex's
/// windows, so that can be too high; a later <c>429</c> corrects it from the calls sent since the last pause, and one
/// that comes within three seconds of the last steps the pace down by <see cref="SteepBackoff"/> for a while (a count
/// over one second may span two windows, whose edges nobody can see). From then on calls are spaced evenly at that
/// rate, and no second holds more calls than the rate even when some are let through late — bursts are what trip a
/// window. The rate rises again while calls go through: halfway back to the budget measured every two seconds below
/// it, slowly near it (<see cref="ProbeEvery"/>), so probing for a raised budget costs a pause rarely, and quickly once
/// past it with no <c>429</c>. What was learnt can be given to a new pacer (<see cref="StartFrom"/>).</item>
/// <item><b>Pause.</b> A <c>429</c> holds every caller back for its <c>Retry-After</c> (a second when it says
/// nothing); answers to calls sent before it count as one signal, not one each.</item>
/// <item><b>Concurrency.</b> Enough calls in flight to keep the rate at the measured round-trip time (rate × RTT, with
/// headroom), at most <see cref="WebexOptions.MaxConcurrency"/>; before the rate is known, it doubles per round trip
/// while callers queue, like TCP's slow start.</item>
/// <item><b>Pages first.</b> A page of a list (<see cref="AcquireAheadAsync"/>) takes the next free place before the calls
/// waiting for one, and the earliest paced slot that a waiting call holds (that call takes the next slot instead): the
/// pages of a list follow one another, so each wait adds up — a job's re-check reads a holder list page after page
/// while its changes queue by the dozen. Pages are few, so the others are not starved.</item>
/// <item><b>5xx.</b> Neither a rate signal nor free: every attempt, retries included, passes the same limiter
/// (the pacing handler sits inside the retry pipeline), so retries after server errors cannot burst past the budget.</item>
/// </list>
/// With <see cref="WebexOptions.RequestsPerSecond"/> set, that rate is where pacing starts and the most it reaches.
/// </summary>
public sealed class WebexPacer : RateLimiter
{
    /// <summary>The share of the measured budget used after a <c>429</c>.</summary>
    public const double Backoff = 0.97;

    /// <summary>The share of the pace kept after a <c>429</c> that comes soon (<see cref="QuickSuccession"/>) after the last.</summary>
    public const double SteepBackoff = 0.92;

    /// <summary>How often the pace rises by 1% near the rate of the last <c>429</c>, probing for a raised budget.</summary>
    public static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan QuickSuccession = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Proven = TimeSpan.FromSeconds(2); // two of Webex's windows, were they a second each
    private const int InitialConcurrency = 8;
    private static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private readonly Queue<TaskCompletionSource> _waitingAhead = new(); // pages: let in before _waiting
    private readonly List<Slot> _held = []; // paced slots still to come, held by calls that are not ahead, earliest first
    private readonly Queue<(long Number, long At)> _sent = new(); // calls let through (number, UTC ticks), the last two seconds
    private readonly HashSet<long> _refused = []; // those of them answered 429
    private readonly double _ceiling;
    private readonly int _maxConcurrency;

    private double _rate; // calls a second; 0 = not paced (unknown)
    private double _limitAt429;
    private double _concurrency;
    private int _inFlight;
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _lastChange = DateTimeOffset.MinValue;
    private Basis? _basis; // what the last 429 that set the pace was measured against
    private long _lastThrottleHeard; // the number of the next call when the last 429 was heard: calls numbered below it were sent before
    private DateTimeOffset _lastThrottleAt = DateTimeOffset.MinValue;
    private bool _demand; // a caller waited for its slot since the last increase
    private double _rttSeconds = 0.05;
    private long _throttled;
    private long _calls;

    public WebexPacer(IOptions<WebexOptions> options, TimeProvider time)
    {
        _time = time;
        var o = options.Value;
        _ceiling = o.RequestsPerSecond > 0 ? o.RequestsPerSecond : double.PositiveInfinity;
        _rate = o.RequestsPerSecond > 0 ? o.RequestsPerSecond : 0;
        _maxConcurrency = Math.Clamp(o.MaxConcurrency, 1, 256);
        _concurrency = Math.Min(InitialConcurrency, _maxConcurrency);
    }

    /// <summary>How many <c>429</c> answers were seen.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Calls let through.</summary>
    public long Calls
    {
        get { lock (_lock) return _calls; }
    }

    /// <summary>The pace now, calls a second (0 while the budget is unknown).</summary>
    public double Rate
    {
        get { lock (_lock) return _rate; }
    }

    /// <summary>What was learnt of Webex's budget (the pace, and the rate at the last <c>429</c>); null before any <c>429</c>.</summary>
    public LearntBudget? Learnt
    {
        get { lock (_lock) return _limitAt429 > 0 ? new LearntBudget(_rate, _limitAt429) : null; }
    }

    /// <summary>
    /// Starts from a budget learnt before (by this bot before a restart, or by another of its instances) instead of
    /// unpaced; a pacer that has met a <c>429</c> itself keeps what it learnt.
    /// </summary>
    public void StartFrom(LearntBudget learnt)
    {
        if (learnt.Rate <= 0 || learnt.LimitAt429 <= 0) return;
        lock (_lock)
        {
            if (_limitAt429 > 0) return;
            _limitAt429 = learnt.LimitAt429;
            _rate = Math.Min(_ceiling, learnt.Rate);
            _lastChange = _time.GetUtcNow();
            Resize();
        }
    }

    /// <summary>Calls allowed in flight now.</summary>
    public int Concurrency
    {
        get { lock (_lock) return (int)_concurrency; }
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = Math.Max(0, (long)_concurrency - _inFlight),
                CurrentQueuedCount = _waiting.Count + _waitingAhead.Count,
                TotalSuccessfulLeases = _calls,
            };
        }
    }

    /// <summary>A call may go only when its turn comes; this never grants one at once.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Refused.Instance;

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken ct) => AcquireAsync(ahead: false, ct);

    /// <summary>A lease for a page of a list: it goes before the calls waiting for a place or a slot.</summary>
    public ValueTask<RateLimitLease> AcquireAheadAsync(CancellationToken ct) => AcquireAsync(ahead: true, ct);

    private async ValueTask<RateLimitLease> AcquireAsync(bool ahead, CancellationToken ct)
    {
        await EnterAsync(ahead, ct);
        (long Number, DateTimeOffset At) sent;
        try
        {
            sent = await WaitForSlotAsync(ahead, ct);
        }
        catch
        {
            Leave();
            throw;
        }
        return new Lease(this, _time.GetTimestamp(), sent.Number, sent.At.UtcTicks);
    }

    /// <summary>Numbers the call and notes when it was let through (under the lock, with the check that let it go).</summary>
    private (long Number, DateTimeOffset At) Send(DateTimeOffset now)
    {
        var number = ++_calls;
        _sent.Enqueue((number, now.UtcTicks));
        Trim(now);
        return (number, now);
    }

    /// <summary>
    /// When paced, when a call may go so that no second holds more calls than the pace (rounded up): calls let through
    /// late — a busy thread pool, a collection — would otherwise go together and carry one window's calls into the next.
    /// <see cref="DateTimeOffset.MinValue"/> when it may go now.
    /// </summary>
    private DateTimeOffset FullUntil(DateTimeOffset now)
    {
        if (_rate <= 0) return DateTimeOffset.MinValue;
        var most = (int)Math.Ceiling(_rate - 1e-9);
        var span = Window - TimeSpan.FromMilliseconds(1); // evenly spaced calls a rounding apart from a second ago are not late
        var from = (now - span).UtcTicks;
        var inLastSecond = 0;
        foreach (var c in _sent) if (c.At > from) inLastSecond++;
        if (inLastSecond < most) return DateTimeOffset.MinValue;
        // The call may go once the oldest of the last `most` calls is a second old.
        var skip = inLastSecond - most;
        foreach (var c in _sent)
        {
            if (c.At <= from) continue;
            if (skip-- == 0) return new DateTimeOffset(c.At, TimeSpan.Zero) + span + TimeSpan.FromTicks(1);
        }
        return DateTimeOffset.MinValue;
    }

    /// <summary>Waits for a place among the calls in flight.</summary>
    private Task EnterAsync(bool ahead, CancellationToken ct)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_waitingAhead.Count == 0 && (ahead || _waiting.Count == 0) && _inFlight < (int)_concurrency)
            {
                _inFlight++;
                return Task.CompletedTask;
            }
            _demand = true;
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (ahead ? _waitingAhead : _waiting).Enqueue(waiter);
        }
        if (!ct.CanBeCanceled) return waiter.Task;
        return WaitCancellableAsync(waiter, ct);
    }

    private async Task WaitCancellableAsync(TaskCompletionSource waiter, CancellationToken ct)
    {
        using (ct.Register(() => waiter.TrySetCanceled(ct)))
        {
            try
            {
                await waiter.Task;
            }
            catch (OperationCanceledException)
            {
                // Granted just before the cancellation: give the place back.
                lock (_lock)
                {
                    if (!_waiting.Contains(waiter) && !_waitingAhead.Contains(waiter)) _inFlight--;
                }
                Wake();
                throw;
            }
        }
    }

    private void Leave()
    {
        lock (_lock) _inFlight--;
        Wake();
    }

    /// <summary>Lets queued callers in while there is room.</summary>
    private void Wake()
    {
        while (true)
        {
            TaskCompletionSource next;
            lock (_lock)
            {
                if (_waiting.Count + _waitingAhead.Count == 0 || _inFlight >= (int)_concurrency) return;
                next = _waitingAhead.Count > 0 ? _waitingAhead.Dequeue() : _waiting.Dequeue();
                _inFlight++;
            }
            if (!next.TrySetResult())
            {
                lock (_lock) _inFlight--; // it was cancelled meanwhile
            }
        }
    }

    /// <summary>
    /// Waits out a pause and the call's paced slot; a pause that starts meanwhile is waited out too. A call that is
    /// <paramref name="ahead"/> takes the earliest slot still to come that another call holds, which takes the next free one.
    /// </summary>
    private async Task<(long Number, DateTimeOffset At)> WaitForSlotAsync(bool ahead, CancellationToken ct)
    {
        Slot? mine = null;
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (_lock)
                {
                    var now = _time.GetUtcNow();
                    var earliest = _pausedUntil > now ? _pausedUntil : now;
                    if (mine is null)
                    {
                        if (_rate <= 0)
                        {
                            if (earliest <= now) return Send(now);
                            mine = new Slot(earliest);
                        }
                        else
                        {
                            var next = _nextSlot > earliest ? _nextSlot : earliest;
                            _nextSlot = next + TimeSpan.FromSeconds(1 / _rate);
                            if (next > now) _demand = true;
                            mine = new Slot(next);
                            var taken = ahead && next > now ? _held.FindIndex(h => h.At >= earliest) : -1;
                            if (taken >= 0)
                            {
                                // Swap: this call goes at the held slot; its holder moves to the free one, last in line.
                                var holder = _held[taken];
                                _held.RemoveAt(taken);
                                (mine.At, holder.At) = (holder.At, next);
                                _held.Add(holder);
                            }
                            else if (!ahead && next > now)
                            {
                                _held.Add(mine);
                            }
                        }
                    }
                    wait = mine.At - now;
                }
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, ct);
                lock (_lock)
                {
                    var now = _time.GetUtcNow();
                    if (mine.At > now) continue; // an ahead call took this slot: wait for the one given instead
                    _held.Remove(mine);
                    if (_pausedUntil <= now || _pausedUntil <= mine.At)
                    {
                        var full = FullUntil(now);
                        if (full <= now) return Send(now);
                        mine.At = full; // late with others: wait until the last second holds room, not held for a page to take
                        continue;
                    }
                    mine = null; // a pause began meanwhile: wait it out, then take a new slot
                }
            }
        }
        catch
        {
            lock (_lock)
            {
                if (mine is not null) _held.Remove(mine);
            }
            throw;
        }
    }

    /// <summary>A paced slot: when its call may go (moved later when an ahead call takes it).</summary>
    private sealed class Slot(DateTimeOffset at)
    {
        public DateTimeOffset At { get; set; } = at;
    }

    /// <summary>What Webex answered to a call of this limiter: the status code, or null when no answer came.</summary>
    public void Report(RateLimitLease lease, int? status, TimeSpan? retryAfter)
    {
        if (lease is not Lease mine) return;
        var now = _time.GetUtcNow();
        var rtt = _time.GetElapsedTime(mine.Started).TotalSeconds;
        lock (_lock)
        {
            if (status == 429) Throttle(now, retryAfter, mine.Number, mine.SentAt);
            else if (status is not null) Answered(now, rtt);
            Resize();
        }
        Wake();
    }

    /// <summary>
    /// Webex said <c>429</c> to call <paramref name="number"/>: pause everyone; the first of a burst sets the rate from the
    /// calls sent in the second before that one. Counted by sending, not by answer: calls still in flight when the
    /// <c>429</c> comes back (it is answered at once, they take their round trip) were counted by Webex all the same —
    /// except those refused too, whose answers can come after the first: each takes its call out of the count again.
    /// </summary>
    private void Throttle(DateTimeOffset now, TimeSpan? retryAfter, long number, long sentAt)
    {
        Interlocked.Increment(ref _throttled);
        _refused.Add(number);
        var pause = retryAfter is { } r && r > TimeSpan.Zero ? r : DefaultPause;
        // Sent before the last 429 was heard: refused in the same window as that one, so not a new signal; but when it
        // was counted toward that one's budget, it was not let through after all.
        var signalled = number < _lastThrottleHeard;
        if (now + pause > _pausedUntil) _pausedUntil = now + pause;
        _nextSlot = _pausedUntil;
        if (signalled)
        {
            if (_basis is { } counted && number < counted.Number) Estimate(counted, onlyLower: true);
            return;
        }
        var sincePause = _lastThrottleHeard; // calls from this number on waited for the last pause to end
        _lastThrottleHeard = _calls + 1;
        var previousThrottle = _lastThrottleAt;
        _lastThrottleAt = now;
        // The first 429 counts every call sent in the second before; once paced, only those since the last pause ended.
        // That second may span two of Webex's windows, whose edges nobody can see, so a 429 soon after the last one says
        // the pace is still well too high: step down harder then.
        var first = _rate <= 0;
        _basis = new Basis(number, sentAt - Window.Ticks, first ? 0 : sincePause, _rate, first, !first && now - previousThrottle < QuickSuccession);
        Estimate(_basis, onlyLower: false);
        _lastChange = now;
        _demand = false;
    }

    /// <summary>What a <c>429</c> is measured against: the refused call, the calls counted before it, the pace then.</summary>
    private sealed record Basis(long Number, long FromTicks, long FromNumber, double PaceBefore, bool First, bool Soon);

    /// <summary>Sets the budget and the pace from the calls let through before <paramref name="b"/>'s refused one.</summary>
    private void Estimate(Basis b, bool onlyLower)
    {
        var letThrough = _sent.Count(c => c.Number < b.Number && c.Number >= b.FromNumber && c.At >= b.FromTicks && !_refused.Contains(c.Number));
        double limit;
        double rate;
        if (b.First)
        {
            // The first 429: what Webex let through in the second before the refused call is the budget.
            limit = Math.Max(1, letThrough / Window.TotalSeconds);
            rate = Math.Min(_ceiling, Math.Max(1, limit * Backoff));
        }
        else
        {
            // Already paced, and the pace was too high. What Webex let through since the last pause ended (at most the
            // second before the refused call) is at most what its window holds, but no more than halve the pace on one
            // 429 (a budget shared with someone else may have run out); with no call since the pause there is nothing
            // to count: then a little lower.
            // A 429 soon after the last steps the pace down further for now; the budget it rises back toward (halfway
            // every two seconds without a 429) stays what was measured.
            limit = letThrough > 0 ? Math.Min(b.PaceBefore, Math.Max(letThrough, b.PaceBefore / 2)) : b.PaceBefore;
            rate = Math.Max(1, (b.Soon ? Math.Min(limit, b.PaceBefore * SteepBackoff) : limit) * Backoff);
        }
        _limitAt429 = onlyLower ? Math.Min(_limitAt429, limit) : limit;
        _rate = onlyLower ? Math.Min(_rate, rate) : rate;
    }

    private void Answered(DateTimeOffset now, double rtt)
    {
        _rttSeconds = _rttSeconds * 0.9 + rtt * 0.1;
        if (_rate <= 0)
        {
            // Slow start: while callers queue for a place, one more place per answer (double per round trip).
            if (_demand && _concurrency < _maxConcurrency) _concurrency = Math.Min(_maxConcurrency, _concurrency + 1);
            return;
        }
        if (!_demand || _rate >= _ceiling || now < _pausedUntil) return;
        // Rise while the pace is what holds callers back. Below the pace the last 429 measured (97% of its budget): halfway
        // back to it every two seconds without a 429 (a step down after 429s in quick succession can overshoot).
        // From there 1% every half minute — each probe past a budget that has not changed costs a pause, so it is made
        // rarely, and at 20 a second even half a call would be 2.5%, past the budget in one step. Past that budget with
        // no 429 (it was raised), and with no 429 ever (a configured rate): 5% a second and half a call more.
        var measured = _limitAt429 * Backoff;
        double next;
        TimeSpan every;
        if (_limitAt429 > 0 && _rate < measured * 0.995)
        {
            every = Proven;
            next = Math.Min(measured, Math.Max((_rate + measured) / 2, _rate + 0.5));
        }
        else if (_limitAt429 > 0 && _rate <= _limitAt429 * 1.03)
        {
            every = ProbeEvery;
            next = Math.Max(_rate, measured) * 1.01;
        }
        else
        {
            every = TimeSpan.FromSeconds(1);
            next = _rate * 1.05 + 0.5;
        }
        if (now - _lastChange < every) return;
        _rate = Math.Min(_ceiling, next);
        _lastChange = now;
        _demand = false;
    }

    /// <summary>Once paced, enough places for the rate at the measured round trip, with headroom.</summary>
    private void Resize()
    {
        if (_rate <= 0) return;
        var needed = Math.Ceiling(_rate * _rttSeconds * 1.5) + 2;
        _concurrency = Math.Clamp(needed, 1, _maxConcurrency);
    }

    private void Trim(DateTimeOffset now)
    {
        var from = (now - Window - Window).UtcTicks; // a refused call's second may start up to a round trip before now - 1 s
        while (_sent.Count > 0 && _sent.Peek().At < from) _sent.Dequeue();
        if (_refused.Count > 0)
        {
            var oldest = _sent.Count > 0 ? _sent.Peek().Number : long.MaxValue;
            _refused.RemoveWhere(n => n < oldest);
        }
    }

    private sealed class Lease(WebexPacer pacer, long started, long number, long sentAt) : RateLimitLease
    {
        private int _disposed;

        public long Started { get; } = started;

        /// <summary>The call's place in the order calls were let through.</summary>
        public long Number { get; } = number;

        /// <summary>When it was let through (UTC ticks).</summary>
        public long SentAt { get; } = sentAt;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) pacer.Leave();
        }
    }

    private sealed class Refused : RateLimitLease
    {
        public static readonly Refused Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

/// <summary>What a <see cref="WebexPacer"/> learnt of Webex's budget: its pace and the rate at its last <c>429</c>, calls a second.</summary>
public sealed record LearntBudget(double Rate, double LimitAt429);

/// <summary>Every attempt of an admin API call passes the shared <see cref="WebexPacer"/>, which learns from the answer.</summary>
public sealed class WebexPacingHandler(WebexPacer pacer) : DelegatingHandler
{
    /// <summary>Set on a request that is a page of a list: it goes ahead of the calls waiting (<see cref="WebexPacer.AcquireAheadAsync"/>).</summary>
    public static readonly HttpRequestOptionsKey<bool> Ahead = new("LicenseBot.Pacer.Ahead");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var lease = request.Options.TryGetValue(Ahead, out var ahead) && ahead ? await pacer.AcquireAheadAsync(ct) : await pacer.AcquireAsync(1, ct);
        try
        {
            var response = await base.SendAsync(request, ct);
            pacer.Report(lease, (int)response.StatusCode, (int)response.StatusCode == 429 ? WebexErrors.RetryAfter(response) : null);
            return response;
        }
        catch
        {
            pacer.Report(lease, null, null);
            throw;
        }
    }
}
