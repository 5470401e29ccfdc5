using System.Data;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Inbox;

/// <summary>What the inbox did with an offered event.</summary>
public enum InboxAcceptance
{
    /// <summary>New, and now stored: it will be handled (here or by another instance).</summary>
    Stored,

    /// <summary>Its id is stored already (a redelivery, or the same event from the other transport): not stored again.</summary>
    Duplicate,
}

/// <summary>A stored event claimed for handling.</summary>
public sealed record InboxItem(long Seq, string EventId, string SpaceId, string Resource, string Envelope, string? TraceParent, int Attempts, string? PreviousOwner)
{
    /// <summary>The Webex event as it was accepted, its delivery's <c>traceparent</c> restored.</summary>
    public WebhookEnvelope ToEnvelope() =>
        (JsonSerializer.Deserialize<WebhookEnvelope>(Envelope, WebexJson.Options) ?? throw new InvalidDataException($"Inbox event {Seq} has no envelope.")) with { TraceParent = TraceParent };
}

/// <summary>
/// The durable inbox in the bot's database (<c>inbox_events</c>, <see cref="InboxMigrations"/>). <see cref="AcceptAsync"/>
/// returns once the event is committed — only then may the delivery be acknowledged. Writes go through one writer that
/// takes every new event waiting at that moment and commits them in one transaction (group commit), then the completions
/// and claims waiting in another: under load many deliveries share one commit, each caller awaits its own batch, and an
/// acknowledgement never waits for the handling side's writes. The event id is unique, so a redelivery is
/// recognised for as long as the event is kept (<see cref="InboxOptions.KeepHandled"/>).
/// <para>Handling (<see cref="InboxWorker"/>): <see cref="ClaimAsync"/> leases the oldest unhandled event of each space whose
/// oldest event no live lease holds (<c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL; SQLite serializes writers), so one
/// space's events are handled in order and by one instance at a time; <see cref="CompleteAsync"/> marks one handled.</para>
/// </summary>
public sealed class EventInbox : IAsyncDisposable
{
    private const string Columns = "seq AS Seq, event_id AS EventId, space_id AS SpaceId, resource AS Resource, envelope AS Envelope, trace_parent AS TraceParent, attempts AS Attempts";

    private readonly IBotDatabase _database;
    private readonly IOptions<InboxOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EventInbox> _logger;
    private readonly Channel<Write> _writes = Channel.CreateUnbounded<Write>();
    private readonly Channel<bool> _stored = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Thread _writer;
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _depth;

    public EventInbox(IBotDatabase database, IOptions<InboxOptions> options, TimeProvider time, ILogger<EventInbox> logger)
    {
        _database = database;
        _options = options;
        _time = time;
        _logger = logger;
        // Its own thread: the database drivers block while they write (SQLite's are synchronous underneath), and under
        // load a blocked pool thread would hold up the requests waiting for their acknowledgement.
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "inbox writer" };
        _writer.Start();
    }

    /// <summary>Events stored and not yet handled, as last counted (<see cref="CountWaitingAsync"/>) plus what this instance stored and handled since.</summary>
    public long Depth => Math.Max(0, Interlocked.Read(ref _depth));

    /// <summary>Batches committed and events written in them, since the start (for tests and the benchmark).</summary>
    public (long Batches, long Events) Commits => (Interlocked.Read(ref _batches), Interlocked.Read(ref _batchedEvents));

    private long _batches;
    private long _batchedEvents;

    /// <summary>
    /// Stores the event (its <see cref="WebhookEnvelope.TraceParent"/> alongside) and returns once it is committed, or tells
    /// that its id is stored already. Throws when the database cannot be written: then the delivery must not be acknowledged.
    /// </summary>
    public async Task<InboxAcceptance> AcceptAsync(WebhookEnvelope envelope, CancellationToken ct)
    {
        var row = new NewEvent(envelope.Data.Id, envelope.Data.RoomId ?? string.Empty, envelope.Resource,
            JsonSerializer.Serialize(envelope, WebexJson.Options), envelope.TraceParent);
        // Not cancelled with the caller: once handed to the writer, the event is stored whether or not anyone waits.
        var stored = (bool)(await Enqueue(new Write(row, 0, null)).WaitAsync(ct))!;
        if (stored)
        {
            Interlocked.Increment(ref _depth);
            _stored.Writer.TryWrite(true);
        }
        return stored ? InboxAcceptance.Stored : InboxAcceptance.Duplicate;
    }

    /// <summary>Marks a claimed event handled (in the next group commit); returns once that is committed.</summary>
    public async Task CompleteAsync(long seq, CancellationToken ct)
    {
        if ((bool)(await Enqueue(new Write(null, seq, null)).WaitAsync(ct))!) Interlocked.Decrement(ref _depth);
    }

    /// <summary>
    /// Marks a claimed event handled and claims up to <paramref name="max"/> more (as <see cref="ClaimAsync"/>), both
    /// handed to the writer at once so they usually share one commit — what the worker does after each turn, so the
    /// space's next event starts without another round trip. Should the completion fail, events the claim took stay
    /// leased until their lease runs out.
    /// </summary>
    public async Task<IReadOnlyList<InboxItem>> CompleteAndClaimAsync(long seq, string owner, DateTimeOffset until, int max, CancellationToken ct)
    {
        var complete = Enqueue(new Write(null, seq, null));
        var claim = Enqueue(new Write(null, 0, new ClaimRequest(owner, until.ToUnixTimeMilliseconds(), max)));
        if ((bool)(await complete.WaitAsync(ct))!) Interlocked.Decrement(ref _depth);
        return (IReadOnlyList<InboxItem>)(await claim.WaitAsync(ct))!;
    }

    /// <summary>Waits until an event is stored by this instance, or <paramref name="timeout"/>.</summary>
    public async Task WaitForStoredAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        try
        {
            await _stored.Reader.WaitToReadAsync(timeoutCts.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
        _stored.Reader.TryRead(out _);
    }

    /// <summary>
    /// Leases to <paramref name="owner"/> until <paramref name="until"/> the oldest unhandled event of up to
    /// <paramref name="max"/> spaces, oldest first, skipping spaces whose oldest event is under another live lease.
    /// An event whose lease ran out (its instance died) is taken over: <see cref="InboxItem.PreviousOwner"/> names the dead owner.
    /// </summary>
    public async Task<IReadOnlyList<InboxItem>> ClaimAsync(string owner, DateTimeOffset until, int max, CancellationToken ct) =>
        (IReadOnlyList<InboxItem>)(await Enqueue(new Write(null, 0, new ClaimRequest(owner, until.ToUnixTimeMilliseconds(), max))).WaitAsync(ct))!;

    private Task<object?> Enqueue(Write write)
    {
        if (!_writes.Writer.TryWrite(write)) throw new ObjectDisposedException(nameof(EventInbox));
        return write.Done.Task;
    }

    /// <summary>The claim, inside the writer's transaction (after the batch's new events and completions).</summary>
    private IReadOnlyList<InboxItem> Claim(DbConnection connection, DbTransaction tx, ClaimRequest request, long now)
    {
        var args = new { request.Owner, Until = request.Until, now, request.Max };
        if (_database.Provider == StorageProvider.Postgres)
        {
            var claimed = connection.Query<Row>(new CommandDefinition($"""
                WITH heads AS (
                    SELECT DISTINCT ON (space_id) seq FROM inbox_events WHERE handled_at IS NULL ORDER BY space_id, seq
                ), claim AS (
                    SELECT e.seq, e.lease_owner AS previous_owner FROM inbox_events e JOIN heads h ON h.seq = e.seq
                    WHERE e.handled_at IS NULL AND (e.lease_owner IS NULL OR e.lease_until < @now)
                    ORDER BY e.seq LIMIT @Max
                    FOR UPDATE OF e SKIP LOCKED
                )
                UPDATE inbox_events AS t SET lease_owner = @Owner, lease_until = @Until, attempts = t.attempts + 1
                FROM claim c WHERE t.seq = c.seq
                RETURNING t.seq AS Seq, t.event_id AS EventId, t.space_id AS SpaceId, t.resource AS Resource, t.envelope AS Envelope,
                    t.trace_parent AS TraceParent, t.attempts AS Attempts, c.previous_owner AS PreviousOwner;
                """, args, tx));
            return claimed.Select(r => r.ToItem()).OrderBy(i => i.Seq).ToList();
        }

        // SQLite: one process writes at a time, so select-then-update in one write transaction is atomic. The spaces'
        // oldest events are looked for among the oldest waiting events first (a space's oldest event is among them if
        // any of its events is), and among all of them only when those give too few: a claim costs the same whether
        // ten events wait or ten thousand, and it runs in the writer that acknowledges deliveries.
        var heads = QueryHeads(connection, tx, args, ClaimWindow);
        if (heads.Count < request.Max && connection.ExecuteScalar<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM (SELECT 1 FROM inbox_events WHERE handled_at IS NULL ORDER BY seq LIMIT @window);", new { window = ClaimWindow }, tx)) >= ClaimWindow)
        {
            heads = QueryHeads(connection, tx, args, window: null);
        }
        if (heads.Count == 0) return [];
        var rows = connection.Query<Row>(new CommandDefinition($"""
            UPDATE inbox_events SET lease_owner = @Owner, lease_until = @Until, attempts = attempts + 1
            WHERE seq IN @seqs RETURNING {Columns};
            """, new { request.Owner, request.Until, seqs = heads.Select(h => h.Seq).ToArray() }, tx));
        var previous = heads.ToDictionary(h => h.Seq, h => h.PreviousOwner);
        return rows.Select(r => r.ToItem() with { PreviousOwner = previous[r.Seq] }).OrderBy(i => i.Seq).ToList();
    }

    /// <summary>Oldest waiting events looked at first by a claim on SQLite.</summary>
    internal const int ClaimWindow = 512;

    private static List<(long Seq, string? PreviousOwner)> QueryHeads(DbConnection connection, DbTransaction tx, object args, int? window)
    {
        var waiting = window is { } w
            ? $"(SELECT space_id, seq FROM inbox_events WHERE handled_at IS NULL ORDER BY seq LIMIT {w})"
            : "(SELECT space_id, seq FROM inbox_events WHERE handled_at IS NULL)";
        return connection.Query<(long Seq, string? PreviousOwner)>(new CommandDefinition($"""
            SELECT e.seq, e.lease_owner FROM inbox_events e
            JOIN (SELECT MIN(seq) AS seq FROM {waiting} GROUP BY space_id) h ON h.seq = e.seq
            WHERE e.lease_owner IS NULL OR e.lease_until < @now
            ORDER BY e.seq LIMIT @Max;
            """, args, tx)).ToList();
    }

    /// <summary>Extends <paramref name="owner"/>'s leases on the events it is handling; how many it still holds.</summary>
    public async Task<int> RenewAsync(string owner, IReadOnlyCollection<long> seqs, DateTimeOffset until, CancellationToken ct)
    {
        if (seqs.Count == 0) return 0;
        await using var connection = await _database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE inbox_events SET lease_until = @until WHERE lease_owner = @owner AND handled_at IS NULL AND {SeqIn};",
            new { owner, until = until.ToUnixTimeMilliseconds(), seqs = seqs.ToArray() }, cancellationToken: ct));
    }

    /// <summary>Lets go of every unhandled event <paramref name="owner"/> holds (it stops), so another instance need not wait for the lease.</summary>
    public async Task ReleaseAsync(string owner, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE inbox_events SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = @owner AND handled_at IS NULL;",
            new { owner }, cancellationToken: ct));
    }

    /// <summary>Counts the unhandled events in the database (of every instance) and takes it as <see cref="Depth"/>.</summary>
    public async Task<long> CountWaitingAsync(CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM inbox_events WHERE handled_at IS NULL;", cancellationToken: ct));
        Interlocked.Exchange(ref _depth, count);
        return count;
    }

    /// <summary>Drops events handled longer than <paramref name="age"/> ago; an unhandled event is never dropped.</summary>
    public async Task<int> PruneAsync(TimeSpan age, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        var cutoff = (_time.GetUtcNow() - age).ToUnixTimeMilliseconds();
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM inbox_events WHERE handled_at IS NOT NULL AND handled_at < @cutoff;", new { cutoff }, cancellationToken: ct));
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// <c>seq</c> among the ids in <c>@seqs</c>, in one SQL text whatever the ids: Dapper compiles and caches a parameter
    /// reader per text, so ids written into the text cost a compiled method and a cache entry at every commit. PostgreSQL
    /// takes the array as it is; for SQLite Dapper spells out the list.
    /// </summary>
    private string SeqIn => _database.Provider == StorageProvider.Postgres ? "seq = ANY(@seqs)" : "seq IN @seqs";

    private void WriteLoop()
    {
        var reader = _writes.Reader;
        var batch = new List<Write>();
        var handling = new List<Write>();
        try
        {
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                // New events are committed first, on their own, and their deliveries acknowledged: completions and claims
                // (the handling side) follow in a commit of their own, so an acknowledgement never waits for them. Events
                // that came in during that first commit go ahead of them too (twice at most, so handling is not starved).
                var max = Math.Max(1, _options.Value.MaxBatch);
                handling.Clear();
                for (var round = 0; round < 3; round++)
                {
                    batch.Clear();
                    while (batch.Count + handling.Count < max && reader.TryRead(out var write)) (write.Event is null ? handling : batch).Add(write);
                    if (batch.Count == 0) break;
                    CommitAndAnswer(batch);
                }
                if (handling.Count > 0) CommitAndAnswer(handling);
                CheckpointWhenIdle();
            }
        }
        finally
        {
            CloseWriterConnection();
            _writerDone.TrySetResult();
        }
    }

    private void CommitAndAnswer(List<Write> batch)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var results = Commit(batch);
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _batchedEvents, batch.Count(w => w.Claim is null));
        }
        catch (Exception e)
        {
            CloseWriterConnection(); // the next batch starts on a fresh one
            _logger.LogError(e, "Writing {Count} inbox entries failed; their deliveries are not acknowledged", batch.Count);
            foreach (var write in batch) write.Done.TrySetException(e);
        }
        var took = System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks;
        if (took > Interlocked.Read(ref _longestCommit)) Interlocked.Exchange(ref _longestCommit, took);
    }

    private long _longestCommit;
    private DbConnection? _connection;
    private bool _syncFull = true;

    /// <summary>
    /// The writer's own connection, kept open. On SQLite it leaves WAL checkpoints to the bot's other connections
    /// (<c>wal_autocheckpoint = 0</c> on this one only), so an acknowledgement never waits for a checkpoint's copy.
    /// </summary>
    private DbConnection WriterConnection()
    {
        if (_connection is { State: ConnectionState.Open } open) return open;
        _connection?.Dispose();
        _connection = _database.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (_database.Provider == StorageProvider.Sqlite) _connection.Execute("PRAGMA wal_autocheckpoint = 0; PRAGMA synchronous = FULL;");
        _syncFull = true;
        return _connection;
    }

    private long _lastCheckpoint = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>SQLite: this connection does not checkpoint on commit, so it copies the WAL back now and then while nothing waits.</summary>
    private void CheckpointWhenIdle()
    {
        if (_database.Provider != StorageProvider.Sqlite || _connection is null || _writes.Reader.Count > 0) return;
        if (System.Diagnostics.Stopwatch.GetElapsedTime(_lastCheckpoint) < TimeSpan.FromSeconds(10)) return;
        _lastCheckpoint = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            _connection.Execute("PRAGMA wal_checkpoint(PASSIVE);");
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            _logger.LogDebug("Inbox checkpoint skipped: {Error}", e.Message);
        }
    }

    private void CloseWriterConnection()
    {
        if (_connection is null) return;
        try
        {
            if (_database.Provider == StorageProvider.Sqlite && _connection.State == ConnectionState.Open) _connection.Execute("PRAGMA wal_autocheckpoint = 1000; PRAGMA synchronous = FULL;"); // back in the pool as SQLite's defaults
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
        }
        _connection.Dispose();
        _connection = null;
    }

    /// <summary>The longest group commit so far (for the benchmark).</summary>
    public TimeSpan LongestCommit => TimeSpan.FromTicks(Interlocked.Read(ref _longestCommit));

    /// <summary>One transaction: the new events (one multi-row insert that skips known ids), then the completions.</summary>
    private object?[] Commit(List<Write> batch)
    {
        var results = new object?[batch.Count];
        var connection = WriterConnection();
        if (_database.Provider == StorageProvider.Sqlite)
        {
            // A batch with new events waits for the disk (their deliveries are acknowledged after it). Claims and
            // completions alone need not: in WAL mode they survive a crash of the process as they are, and the next
            // batch with an event makes them durable on disk too. Lost to a power cut, an event is handled once more.
            var durable = batch.Exists(w => w.Event is not null);
            if (durable != _syncFull)
            {
                connection.Execute(durable ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
                _syncFull = durable;
            }
        }
        using var tx = connection.BeginTransaction();
        var now = Now();

        // The first of several offers of one id in a batch is the one stored; the others are duplicates.
        var firstOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Event is { } e) firstOf.TryAdd(e.EventId, i);
        }
        if (firstOf.Count > 0)
        {
            var sql = new StringBuilder("INSERT INTO inbox_events (event_id, space_id, resource, envelope, trace_parent, received_at) VALUES ");
            var parameters = new DynamicParameters();
            parameters.Add("now", now, DbType.Int64);
            var n = 0;
            foreach (var index in firstOf.Values.Order())
            {
                var e = batch[index].Event!;
                if (n > 0) sql.Append(',');
                sql.Append($"(@i{n}, @s{n}, @r{n}, @e{n}, @t{n}, @now)");
                parameters.Add($"i{n}", e.EventId, DbType.String);
                parameters.Add($"s{n}", e.SpaceId, DbType.String);
                parameters.Add($"r{n}", e.Resource, DbType.String);
                parameters.Add($"e{n}", e.Envelope, DbType.String);
                parameters.Add($"t{n}", e.TraceParent, DbType.String);
                n++;
            }
            sql.Append(" ON CONFLICT (event_id) DO NOTHING RETURNING event_id;");
            var inserted = connection.Query<string>(new CommandDefinition(sql.ToString(), parameters, tx)).ToHashSet(StringComparer.Ordinal);
            foreach (var (eventId, index) in firstOf) results[index] = inserted.Contains(eventId);
        }

        var completed = batch.Select((w, i) => (w, i)).Where(x => x.w.Event is null && x.w.Claim is null).ToList();
        if (completed.Count > 0)
        {
            var done = connection.Query<long>(new CommandDefinition(
                $"UPDATE inbox_events SET handled_at = @now, lease_owner = NULL, lease_until = NULL WHERE handled_at IS NULL AND {SeqIn} RETURNING seq;",
                new { now, seqs = completed.Select(c => c.w.Seq).Distinct().ToArray() }, tx)).ToHashSet();
            foreach (var (w, i) in completed) results[i] = done.Remove(w.Seq);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Claim is { } claim) results[i] = Claim(connection, tx, claim, now);
        }
        tx.Commit();
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_writes.Writer.TryComplete()) return;
        await _writerDone.Task;
    }

    private sealed record NewEvent(string EventId, string SpaceId, string Resource, string Envelope, string? TraceParent);

    private sealed record ClaimRequest(string Owner, long Until, int Max);

    /// <summary>One request to the writer: a new event, a completion (<c>Seq</c>) or a claim.</summary>
    private sealed class Write(NewEvent? newEvent, long seq, ClaimRequest? claim)
    {
        public NewEvent? Event { get; } = newEvent;
        public long Seq { get; } = seq;
        public ClaimRequest? Claim { get; } = claim;
        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Row
    {
        public long Seq { get; set; }
        public string EventId { get; set; } = "";
        public string SpaceId { get; set; } = "";
        public string Resource { get; set; } = "";
        public string Envelope { get; set; } = "";
        public string? TraceParent { get; set; }
        public long Attempts { get; set; }
        public string? PreviousOwner { get; set; }

        public InboxItem ToItem() => new(Seq, EventId, SpaceId, Resource, Envelope, TraceParent, (int)Attempts, PreviousOwner);
    }
}
