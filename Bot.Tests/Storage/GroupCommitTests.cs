using Dapper;
using LicenseBot.Core.Storage;
using LicenseBot.Tests.Harness;

namespace LicenseBot.Tests.Storage;

/// <summary>
/// <see cref="IBotDatabase.WriteAsync{T}"/>: writes queued while one is committing share the next transaction (one commit
/// for many, the job journal's and audit log's way to keep up with fast Webex calls), each caller learns its own result
/// only once that transaction is committed, and a write that fails fails alone.
/// </summary>
public sealed class GroupCommitTests
{
    private const string Table = "CREATE TABLE group_commit_test (id INTEGER PRIMARY KEY, note TEXT NOT NULL);";

    [Fact]
    public async Task Writes_queued_behind_a_commit_share_the_next_one_on_SQLite()
    {
        await using var db = new TestDatabase();
        await WritesQueuedBehindACommitShareTheNextAsync(db.Database, null); // SQLite has no transaction id to compare
    }

    [PostgresFact]
    public async Task Writes_queued_behind_a_commit_share_the_next_one_on_PostgreSQL()
    {
        await using var db = await TestPostgresDatabase.CreateAsync();
        await WritesQueuedBehindACommitShareTheNextAsync(db.Database, "SELECT txid_current()::text");
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

    private static async Task WritesQueuedBehindACommitShareTheNextAsync(IBotDatabase database, string? transactionId)
    {
        await CreateTableAsync(database);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = database.WriteAsync(async (connection, transaction, ct) =>
        {
            await connection.ExecuteAsync(new CommandDefinition("INSERT INTO group_commit_test (id, note) VALUES (0, 'first');", transaction: transaction, cancellationToken: ct));
            started.SetResult();
            await holding.Task;
            return transactionId is null ? "" : await connection.ExecuteScalarAsync<string>(new CommandDefinition(transactionId, transaction: transaction, cancellationToken: ct));
        }, CancellationToken.None);
        await started.Task;

        var queued = Enumerable.Range(1, 50).Select(i => database.WriteAsync(async (connection, transaction, ct) =>
        {
            await connection.ExecuteAsync(new CommandDefinition("INSERT INTO group_commit_test (id, note) VALUES (@i, 'queued');", new { i }, transaction, cancellationToken: ct));
            return transactionId is null ? "" : await connection.ExecuteScalarAsync<string>(new CommandDefinition(transactionId, transaction: transaction, cancellationToken: ct));
        }, CancellationToken.None)).ToList();
        await Task.Delay(100);
        Assert.False(first.IsCompleted);
        Assert.DoesNotContain(queued, q => q.IsCompleted); // nobody hears "written" before the commit

        holding.SetResult();
        var firstTransaction = await first;
        var transactions = await Task.WhenAll(queued);
        if (transactionId is not null)
        {
            Assert.Single(transactions.Distinct()); // the 50 shared one transaction, the next one after the first's
            Assert.NotEqual(firstTransaction, transactions[0]);
        }
        Assert.Equal(51, await CountAsync(database));
    }

    private static async Task AFailingWriteFailsAloneAsync(IBotDatabase database)
    {
        await CreateTableAsync(database);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = database.WriteAsync(async (connection, transaction, ct) =>
        {
            started.SetResult();
            await holding.Task;
            return await connection.ExecuteAsync(new CommandDefinition("INSERT INTO group_commit_test (id, note) VALUES (0, 'first');", transaction: transaction, cancellationToken: ct));
        }, CancellationToken.None);
        await started.Task;

        Task<int> Insert(int id) => database.WriteAsync((connection, transaction, ct) =>
            connection.ExecuteAsync(new CommandDefinition("INSERT INTO group_commit_test (id, note) VALUES (@id, 'queued');", new { id }, transaction, cancellationToken: ct)), CancellationToken.None);
        var before = Insert(1);
        var duplicate = Insert(0); // the same key as the first write: refused by the database
        var after = Insert(2);
        holding.SetResult();

        Assert.Equal(1, await first);
        Assert.Equal(1, await before);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => duplicate);
        Assert.Equal(1, await after);
        Assert.Equal(3, await CountAsync(database));
    }

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
