using System.Collections.Concurrent;
using Dapper;
using LicenseBot.Core.Inbox;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex.Models;
using LicenseBot.Tests.Harness;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LicenseBot.Tests.Inbox;

/// <summary>
/// The durable inbox on a real database: what is stored is acknowledged, a redelivery is recognised, one space's events
/// are handed out one at a time in order, concurrent deliveries share commits, and a dead instance's lease is taken over.
/// Each test runs on SQLite and on PostgreSQL (the PostgreSQL rows exist when <c>LICENSEBOT_TEST_POSTGRES</c> is set;
/// <see cref="PostgreSQL_is_there_for_the_inbox_tests"/> says when they do not).
/// </summary>
public sealed class EventInboxTests
{
    internal static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Providers => TestPostgresDatabase.ServerConnectionString is null ? new() { "sqlite" } : new() { "sqlite", "postgres" };

    [PostgresFact]
    public void PostgreSQL_is_there_for_the_inbox_tests() => Assert.NotNull(TestPostgresDatabase.ServerConnectionString);

    /// <summary>A database with the inbox's migrations; <c>Reopen</c> opens it again as a restart or a second instance would.</summary>
    private static async Task<IInboxTestDatabase> CreateAsync(string provider) => provider == "postgres"
        ? new PostgresInboxDatabase(await TestPostgresDatabase.CreateAsync(new InboxMigrations()))
        : new SqliteInboxDatabase(new TestDatabase(new InboxMigrations()));

    internal static EventInbox InboxOn(IBotDatabase database, TimeProvider time, int maxBatch = 256) =>
        new(database, Options.Create(new InboxOptions { MaxBatch = maxBatch }), time, NullLogger<EventInbox>.Instance);

    internal static WebhookEnvelope Event(string id, string space, string resource = "messages") => new()
    {
        Id = "WH-1",
        Resource = resource,
        Event = "created",
        Data = new WebhookEventData { Id = id, RoomId = space, PersonId = "P-ALICE" },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_redelivered_event_is_recognised_also_by_another_instance_and_after_a_restart(string provider)
    {
        await using var db = await CreateAsync(provider);
        await using (var inbox = InboxOn(db.Database, db.Time))
        {
            Assert.Equal(InboxAcceptance.Stored, await inbox.AcceptAsync(Event("M-1", "R-A"), CancellationToken.None));
            Assert.Equal(InboxAcceptance.Duplicate, await inbox.AcceptAsync(Event("M-1", "R-A"), CancellationToken.None));
        }
        await using var reopened = db.Reopen();
        await using var other = InboxOn(reopened, db.Time);
        Assert.Equal(InboxAcceptance.Duplicate, await other.AcceptAsync(Event("M-1", "R-A"), CancellationToken.None));
        Assert.Equal(InboxAcceptance.Stored, await other.AcceptAsync(Event("M-2", "R-A"), CancellationToken.None));
        Assert.Equal(2, await other.CountWaitingAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_stored_event_comes_back_as_it_was_accepted_with_its_traceparent(string provider)
    {
        await using var db = await CreateAsync(provider);
        await using var inbox = InboxOn(db.Database, db.Time);
        const string trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        await inbox.AcceptAsync(Event("M-1", "R-A", "attachmentActions") with { TraceParent = trace }, CancellationToken.None);

        var item = Assert.Single(await inbox.ClaimAsync("me", db.Time.GetUtcNow() + Lease, 10, CancellationToken.None));
        var envelope = item.ToEnvelope();
        Assert.Equal(("M-1", "R-A", "attachmentActions", "created", "P-ALICE"), (envelope.Data.Id, envelope.Data.RoomId, envelope.Resource, envelope.Event, envelope.Data.PersonId));
        Assert.Equal(trace, envelope.TraceParent);
        Assert.Equal(1, item.Attempts);
        Assert.Null(item.PreviousOwner);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_space_whose_events_came_after_a_long_backlog_of_another_is_still_claimed(string provider)
    {
        // A claim looks among the oldest waiting events first (SQLite: EventInbox.ClaimWindow); a space that has none
        // there is found all the same when those give too few.
        await using var db = await CreateAsync(provider);
        await using var inbox = InboxOn(db.Database, db.Time);
        await Task.WhenAll(Enumerable.Range(0, EventInbox.ClaimWindow + 20).Select(i => inbox.AcceptAsync(Event($"M-A{i:D4}", "R-A"), CancellationToken.None)));
        await inbox.AcceptAsync(Event("M-B", "R-B"), CancellationToken.None);

        var claimed = await inbox.ClaimAsync("me", db.Time.GetUtcNow() + Lease, 2, CancellationToken.None);

        Assert.Equal(["R-A", "R-B"], claimed.Select(c => c.SpaceId).Order(StringComparer.Ordinal).ToArray());
        Assert.Empty(await inbox.ClaimAsync("other", db.Time.GetUtcNow() + Lease, 2, CancellationToken.None)); // both heads held
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task One_spaces_events_are_handed_out_one_at_a_time_in_the_order_stored_while_spaces_go_side_by_side(string provider)
    {
        await using var db = await CreateAsync(provider);
        await using var inbox = InboxOn(db.Database, db.Time);
        foreach (var (id, space) in new[] { ("A1", "R-A"), ("B1", "R-B"), ("A2", "R-A"), ("A3", "R-A"), ("B2", "R-B") })
            await inbox.AcceptAsync(Event(id, space), CancellationToken.None);
        var until = db.Time.GetUtcNow() + Lease;

        var first = await inbox.ClaimAsync("me", until, 10, CancellationToken.None);
        Assert.Equal(["A1", "B1"], first.Select(i => i.EventId));
        Assert.Empty(await inbox.ClaimAsync("me", until, 10, CancellationToken.None)); // both spaces busy
        Assert.Empty(await inbox.ClaimAsync("other", until, 10, CancellationToken.None));

        await inbox.CompleteAsync(first[1].Seq, CancellationToken.None); // B1 handled: B2 is next, A still busy
        Assert.Equal(["B2"], (await inbox.ClaimAsync("other", until, 10, CancellationToken.None)).Select(i => i.EventId));
        await inbox.CompleteAsync(first[0].Seq, CancellationToken.None);
        var a2 = Assert.Single(await inbox.ClaimAsync("me", until, 10, CancellationToken.None));
        Assert.Equal("A2", a2.EventId);
        await inbox.CompleteAsync(a2.Seq, CancellationToken.None);
        Assert.Equal(["A3"], (await inbox.ClaimAsync("me", until, 10, CancellationToken.None)).Select(i => i.EventId));
        Assert.Equal(2, await inbox.CountWaitingAsync(CancellationToken.None)); // A3 and B2 are claimed, not handled
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Concurrent_deliveries_share_commits_and_each_is_stored_when_its_accept_returns(string provider)
    {
        await using var db = await CreateAsync(provider);
        await using var inbox = InboxOn(db.Database, db.Time);
        const int deliveries = 400;
        var ids = Enumerable.Range(0, deliveries).Select(i => $"M-{i:D4}").ToList();
        var results = new ConcurrentDictionary<string, (InboxAcceptance Outcome, bool Visible)>();

        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, ct) =>
        {
            var outcome = await inbox.AcceptAsync(Event(id, "R-" + (id.GetHashCode() & 7)), ct);
            // Once accepted, another connection sees it: it was committed before the accept returned.
            await using var connection = await db.Database.OpenAsync(ct);
            var visible = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbox_events WHERE event_id = @id", new { id }) == 1;
            results[id] = (outcome, visible);
        });
        // The same ids again, concurrently, also twice within one batch: every one is a duplicate.
        var again = await Task.WhenAll(ids.Concat(ids).Select(id => inbox.AcceptAsync(Event(id, "R-0"), CancellationToken.None)));

        Assert.All(ids, id => Assert.Equal((InboxAcceptance.Stored, true), results[id]));
        Assert.All(again, a => Assert.Equal(InboxAcceptance.Duplicate, a));
        var (batches, events) = inbox.Commits;
        Assert.Equal(3 * deliveries, events);
        Assert.True(batches < events / 2, $"{events} accepts took {batches} commits: concurrent ones should share");
        Assert.Equal(deliveries, await inbox.CountWaitingAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_event_held_by_a_dead_instance_is_taken_over_once_its_lease_runs_out(string provider)
    {
        await using var db = await CreateAsync(provider);
        await using var inbox = InboxOn(db.Database, db.Time);
        await inbox.AcceptAsync(Event("A1", "R-A"), CancellationToken.None);
        await inbox.AcceptAsync(Event("A2", "R-A"), CancellationToken.None);
        var held = Assert.Single(await inbox.ClaimAsync("dead", db.Time.GetUtcNow() + Lease, 10, CancellationToken.None));

        await using var reopened = db.Reopen();
        await using var survivor = InboxOn(reopened, db.Time);
        db.Time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Empty(await survivor.ClaimAsync("alive", db.Time.GetUtcNow() + Lease, 10, CancellationToken.None)); // still held: A2 waits too
        db.Time.Advance(TimeSpan.FromSeconds(2));
        var taken = Assert.Single(await survivor.ClaimAsync("alive", db.Time.GetUtcNow() + Lease, 10, CancellationToken.None));

        Assert.Equal((held.Seq, "A1", "dead", 2), (taken.Seq, taken.EventId, taken.PreviousOwner, taken.Attempts));
        await survivor.CompleteAsync(taken.Seq, CancellationToken.None);
        Assert.Equal("A2", Assert.Single(await survivor.ClaimAsync("alive", db.Time.GetUtcNow() + Lease, 10, CancellationToken.None)).EventId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_released_event_is_claimed_again_at_once_and_a_renewed_lease_holds(string provider)
    {
        await using var db = await CreateAsync(provider);
        await using var inbox = InboxOn(db.Database, db.Time);
        await inbox.AcceptAsync(Event("A1", "R-A"), CancellationToken.None);
        await inbox.AcceptAsync(Event("B1", "R-B"), CancellationToken.None);
        var claimed = await inbox.ClaimAsync("me", db.Time.GetUtcNow() + Lease, 10, CancellationToken.None);
        db.Time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Equal(1, await inbox.RenewAsync("me", [claimed[0].Seq], db.Time.GetUtcNow() + Lease, CancellationToken.None));
        db.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["B1"], (await inbox.ClaimAsync("other", db.Time.GetUtcNow() + Lease, 10, CancellationToken.None)).Select(i => i.EventId));

        await inbox.ReleaseAsync("me", CancellationToken.None);
        Assert.Equal(["A1"], (await inbox.ClaimAsync("other", db.Time.GetUtcNow() + Lease, 10, CancellationToken.None)).Select(i => i.EventId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Handled_events_are_kept_for_recognition_then_pruned_and_waiting_ones_never(string provider)
    {
        await using var db = await CreateAsync(provider);
        await using var inbox = InboxOn(db.Database, db.Time);
        await inbox.AcceptAsync(Event("OLD", "R-A"), CancellationToken.None);
        await inbox.AcceptAsync(Event("WAITING", "R-B"), CancellationToken.None);
        var old = (await inbox.ClaimAsync("me", db.Time.GetUtcNow() + Lease, 10, CancellationToken.None)).Single(i => i.EventId == "OLD");
        await inbox.CompleteAsync(old.Seq, CancellationToken.None);
        db.Time.Advance(TimeSpan.FromDays(8));

        Assert.Equal(1, await inbox.PruneAsync(TimeSpan.FromDays(7), CancellationToken.None));
        Assert.Equal(InboxAcceptance.Stored, await inbox.AcceptAsync(Event("OLD", "R-A"), CancellationToken.None));
        Assert.Equal(InboxAcceptance.Duplicate, await inbox.AcceptAsync(Event("WAITING", "R-B"), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_workers_on_one_database_handle_every_event_once_in_order_per_space_never_two_of_a_space_at_once(string provider)
    {
        await using var db = await CreateAsync(provider);
        await using var secondDatabase = db.Reopen();
        var time = TimeProvider.System;
        var options = Options.Create(new InboxOptions { MaxParallelSpaces = 3, PollInterval = TimeSpan.FromMilliseconds(50), LeaseDuration = TimeSpan.FromSeconds(10) });
        await using var inboxA = new EventInbox(db.Database, options, time, NullLogger<EventInbox>.Instance);
        await using var inboxB = new EventInbox(secondDatabase, options, time, NullLogger<EventInbox>.Instance);
        var handler = new RecordingHandler();
        await using var workerA = new InboxWorker(inboxA, handler, options, time, NullLogger<InboxWorker>.Instance);
        await using var workerB = new InboxWorker(inboxB, handler, options, time, NullLogger<InboxWorker>.Instance);
        await workerA.StartAsync(CancellationToken.None);
        await workerB.StartAsync(CancellationToken.None);

        const int spaces = 6, perSpace = 15;
        var expected = Enumerable.Range(0, spaces).ToDictionary(s => $"R-{s}", s => Enumerable.Range(0, perSpace).Select(i => $"R-{s}/{i:D2}").ToList());
        // Deliveries of each space in order, spaces interleaved, spread over both instances as a load balancer would.
        await Task.WhenAll(expected.Select(async space =>
        {
            for (var i = 0; i < perSpace; i++)
                await (i % 2 == 0 ? inboxA : inboxB).AcceptAsync(Event(space.Value[i], space.Key), CancellationToken.None);
        }));

        await handler.WaitForAsync(spaces * perSpace, TimeSpan.FromSeconds(60));
        await workerA.StopAsync(CancellationToken.None);
        await workerB.StopAsync(CancellationToken.None);

        Assert.Equal(0, handler.Overlaps);
        foreach (var (space, ids) in expected) Assert.Equal(ids, handler.Handled(space));
        Assert.Equal(0, await inboxA.CountWaitingAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Events_stored_before_a_stop_are_handled_once_by_the_next_worker(string provider)
    {
        await using var db = await CreateAsync(provider);
        var options = Options.Create(new InboxOptions { MaxParallelSpaces = 2, PollInterval = TimeSpan.FromMilliseconds(50) });
        var handler = new RecordingHandler();
        await using (var inbox = new EventInbox(db.Database, options, TimeProvider.System, NullLogger<EventInbox>.Instance))
        {
            for (var i = 0; i < 10; i++) await inbox.AcceptAsync(Event($"E-{i}", "R-" + (i % 3)), CancellationToken.None);
        }

        await using var reopened = db.Reopen();
        await using var next = new EventInbox(reopened, options, TimeProvider.System, NullLogger<EventInbox>.Instance);
        await using var worker = new InboxWorker(next, handler, options, TimeProvider.System, NullLogger<InboxWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        await handler.WaitForAsync(10, TimeSpan.FromSeconds(30));
        await Task.Delay(300); // a second round would hand some out again now
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(10, handler.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"E-{i}").Order(), handler.All.Order());
        Assert.Equal(0, next.Depth);
    }

    /// <summary>Records each handled event per space, and whether two events of one space were ever handled at once.</summary>
    internal sealed class RecordingHandler : IInboxHandler
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _handled = new();
        private readonly ConcurrentDictionary<string, int> _busy = new();
        private int _overlaps;
        private int _count;

        public int Overlaps => _overlaps;
        public int Count => _count;
        public IEnumerable<string> All => _handled.Values.SelectMany(q => q);
        public IReadOnlyList<string> Handled(string space) => _handled.TryGetValue(space, out var q) ? [.. q] : [];

        public async Task HandleAsync(WebhookEnvelope envelope, CancellationToken ct)
        {
            var space = envelope.Data.RoomId!;
            if (_busy.AddOrUpdate(space, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref _overlaps);
            await Task.Delay(Random.Shared.Next(1, 6), ct);
            _handled.GetOrAdd(space, _ => new ConcurrentQueue<string>()).Enqueue(envelope.Data.Id);
            _busy.AddOrUpdate(space, 0, (_, n) => n - 1);
            Interlocked.Increment(ref _count);
        }

        public async Task WaitForAsync(int count, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (_count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{_count} of {count} events handled in {timeout}");
                await Task.Delay(20);
            }
        }
    }

    [Fact]
    public async Task Event_ids_remembered_before_the_inbox_existed_are_still_recognised()
    {
        await using var db = new TestDatabase(); // the core schema only: webhook_events, as before the inbox
        await using (var connection = await db.Database.OpenAsync(CancellationToken.None))
            await connection.ExecuteAsync("INSERT INTO webhook_events (event_id, resource, received_at) VALUES ('M-OLD', 'messages', 1)");

        await using var upgraded = new BotDatabase(StorageProvider.Sqlite, BotDatabase.SqliteConnectionString(db.Path), [new CoreMigrations(), new InboxMigrations()], db.Time, NullLogger<BotDatabase>.Instance);
        await using var inbox = InboxOn(upgraded, db.Time);
        Assert.Equal(InboxAcceptance.Duplicate, await inbox.AcceptAsync(Event("M-OLD", "R-A"), CancellationToken.None));
        Assert.Equal(0, await inbox.CountWaitingAsync(CancellationToken.None)); // carried over as handled: nothing to do
    }
}

/// <summary>A database for <see cref="EventInboxTests"/>.</summary>
internal interface IInboxTestDatabase : IAsyncDisposable
{
    BotDatabase Database { get; }
    FakeTimeProvider Time { get; }
    BotDatabase Reopen();
}

internal sealed class SqliteInboxDatabase(TestDatabase db) : IInboxTestDatabase
{
    public BotDatabase Database => db.Database;
    public FakeTimeProvider Time => db.Time;
    public BotDatabase Reopen() => new(StorageProvider.Sqlite, BotDatabase.SqliteConnectionString(db.Path), [new CoreMigrations(), new InboxMigrations()], db.Time, NullLogger<BotDatabase>.Instance);
    public ValueTask DisposeAsync() => db.DisposeAsync();
}

internal sealed class PostgresInboxDatabase(TestPostgresDatabase db) : IInboxTestDatabase
{
    public BotDatabase Database => db.Database;
    public FakeTimeProvider Time => db.Time;
    public BotDatabase Reopen() => db.Reopen(new CoreMigrations(), new InboxMigrations());
    public ValueTask DisposeAsync() => db.DisposeAsync();
}
