using Dapper;
using LicenseBot.Core.Storage;
using LicenseBot.Tests.Harness;

namespace LicenseBot.Tests.Storage;

/// <summary>
/// <see cref="IBotDatabase.WriteAsync{T}"/>: on SQLite, writes queued while one is committing share the next transaction
/// (one commit for many, the job journal's and audit log's way to keep up with fast Webex calls), each caller learns its
/// own result only once that transaction is committed, and a write that fails fails alone; on PostgreSQL each write
/// commits on its own.
/// </summary>
public sealed class GroupCommitTests
{
    private const string Table = "CREATE TABLE group_commit_test (id INTEGER PRIMARY KEY, note TEXT NOT NULL);";

    [Fact]
    public async Task Writes_queued_behind_a_commit_share_the_next_one_on_SQLite()
    {
        await using var db = new TestDatabase();
        await CreateTableAsync(db.Database);
        var (first, holding) = await FirstWriteHeldOpenAsync(db.Database);

        var queued = Enumerable.Range(1, 50).Select(i => Insert(db.Database, i)).ToList();
        await Task.Delay(100);
        Assert.False(first.IsCompleted);
        Assert.DoesNotContain(queued, q => q.IsCompleted); // nobody hears "written" before the commit

        holding.SetResult();
        Assert.Equal(1, await first);
        Assert.All(await Task.WhenAll(queued), inserted => Assert.Equal(1, inserted));
        Assert.Equal((51, 2), db.Database.GroupCommits); // the first alone, the 50 queued behind it in one commit
        Assert.Equal(51, await CountAsync(db.Database));
    }

    [PostgresFact]
    public async Task On_PostgreSQL_each_write_commits_on_its_own_without_waiting_for_another()
    {
        await using var db = await TestPostgresDatabase.CreateAsync();
        await CreateTableAsync(db.Database);
        var (first, holding) = await FirstWriteHeldOpenAsync(db.Database);

        Assert.Equal(1, await Insert(db.Database, 1)); // not held up by the open transaction of the first
        Assert.Equal(1, await CountAsync(db.Database));
        holding.SetResult();
        Assert.Equal(1, await first);
        Assert.Equal(2, await CountAsync(db.Database));
    }

    [Fact]
    public async Task A_failing_write_fails_alone_on_SQLite()
    {
        await using var db = new TestDatabase();
        await AFailingWriteFailsAloneAsync(db.Database);
    }

    [PostgresFact]
    public async Task A_failing_write_fails_alone_on_PostgreSQL()
    {
        await using var db = await TestPostgresDatabase.CreateAsync();
        await AFailingWriteFailsAloneAsync(db.Database);
    }

    private static async Task AFailingWriteFailsAloneAsync(IBotDatabase database)
    {
        await CreateTableAsync(database);
        var (first, holding) = await FirstWriteHeldOpenAsync(database);

        var before = Insert(database, 1);
        var duplicate = Insert(database, 0); // the same key as the first write: refused by the database
        var after = Insert(database, 2);
        holding.SetResult();

        Assert.Equal(1, await first);
        Assert.Equal(1, await before);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => duplicate);
        Assert.Equal(1, await after);
        Assert.Equal(3, await CountAsync(database));
    }

    /// <summary>Starts a write that inserts row 0 and keeps its transaction open until <c>holding</c> is set.</summary>
    private static async Task<(Task<int> First, TaskCompletionSource Holding)> FirstWriteHeldOpenAsync(IBotDatabase database)
    {
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = database.WriteAsync(async (connection, transaction, ct) =>
        {
            var inserted = await connection.ExecuteAsync(new CommandDefinition("INSERT INTO group_commit_test (id, note) VALUES (0, 'first');", transaction: transaction, cancellationToken: ct));
            started.SetResult();
            await holding.Task;
            return inserted;
        }, CancellationToken.None);
        await started.Task;
        return (first, holding);
    }

    private static Task<int> Insert(IBotDatabase database, int id) => database.WriteAsync((connection, transaction, ct) =>
        connection.ExecuteAsync(new CommandDefinition("INSERT INTO group_commit_test (id, note) VALUES (@id, 'queued');", new { id }, transaction, cancellationToken: ct)), CancellationToken.None);

    private static async Task CreateTableAsync(IBotDatabase database)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(Table);
    }

    private static async Task<long> CountAsync(IBotDatabase database)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM group_commit_test;");
    }
}
