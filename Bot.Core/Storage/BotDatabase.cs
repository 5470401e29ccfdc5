using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LicenseBot.Core.Storage;

/// <summary>
/// Opens connections for the configured provider and makes sure migrations ran once per process before the first one
/// is handed out, so no caller depends on start-up order. Writes handed to <see cref="WriteAsync{T}"/> are committed in
/// groups by one writer loop: hand-written, as no maintained .NET library does group commit over ADO.NET.
/// </summary>
public sealed class BotDatabase : IBotDatabase, IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly NpgsqlDataSource? _postgres;
    private readonly MigrationRunner _runner;
    private readonly SemaphoreSlim _migrateLock = new(1, 1);
    private volatile bool _migrated;
    private readonly Channel<GroupWrite> _writes = Channel.CreateUnbounded<GroupWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _groupWrites;
    private long _groupCommits;

    /// <summary>The most writes one transaction takes.</summary>
    private const int MaxGroup = 256;

    public BotDatabase(StorageProvider provider, string connectionString, IEnumerable<IMigrationSource> migrations, TimeProvider time, ILogger<BotDatabase> logger)
    {
        Provider = provider;
        if (provider == StorageProvider.Postgres)
        {
            _postgres = NpgsqlDataSource.Create(connectionString);
            _open = async ct => await _postgres.OpenConnectionAsync(ct);
        }
        else
        {
            _open = async ct =>
            {
                var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync(ct);
                // SQLite's own busy handler waits for a writer in steps of a few milliseconds; without it the driver
                // retries a locked write every 150 ms, which puts that much on a webhook's acknowledgement.
                await using (var busy = connection.CreateCommand())
                {
                    busy.CommandText = "PRAGMA busy_timeout = 30000;";
                    await busy.ExecuteNonQueryAsync(ct);
                }
                return connection;
            };
        }
        _runner = new MigrationRunner(provider, migrations, time, logger);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>SQLite connection string for a file; the folder is created. Busy waits up to 30 s instead of failing.</summary>
    public static string SqliteConnectionString(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public StorageProvider Provider { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (!_migrated) await MigrateAsync(ct);
        return await _open(ct);
    }

    /// <summary>Applies pending migrations now (also done lazily by <see cref="OpenAsync"/>).</summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        await _migrateLock.WaitAsync(ct);
        try
        {
            if (_migrated) return;
            await using var connection = await _open(ct);
            await _runner.RunAsync(connection, ct);
            _migrated = true;
        }
        finally
        {
            _migrateLock.Release();
        }
    }

    /// <summary>Writes committed through <see cref="WriteAsync{T}"/> on SQLite, and the commits that took them.</summary>
    public (long Writes, long Commits) GroupCommits => (Interlocked.Read(ref _groupWrites), Interlocked.Read(ref _groupCommits));

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        // PostgreSQL takes concurrent writers and groups their commits itself; one transaction for many writes would
        // hold row locks across them and invite deadlocks with updates of many rows (a job's lease renewal).
        if (Provider == StorageProvider.Postgres) return WriteAloneAsync(write, ct);
        var item = new GroupWrite<T>(write, ct);
        if (!_writes.Writer.TryWrite(item)) throw new ObjectDisposedException(nameof(BotDatabase));
        return item.Result;
    }

    private async Task<T> WriteAloneAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await write(connection, transaction, ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>One writer: takes every write queued since its last commit (up to <see cref="MaxGroup"/>) into one transaction.</summary>
    private async Task WriteLoopAsync()
    {
        var group = new List<GroupWrite>(MaxGroup);
        while (await _writes.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _writes.Reader.TryRead(out var write))
            {
                if (write.Cancellation.IsCancellationRequested) write.Cancel();
                else group.Add(write);
            }
            if (group.Count == 0) continue;
            try
            {
                await CommitAsync(group);
                foreach (var write in group) write.Succeed();
            }
            catch (Exception) when (group.Count > 1)
            {
                // One bad write must not fail the others: each again on its own.
                foreach (var write in group)
                {
                    try
                    {
                        await CommitAsync([write]);
                        write.Succeed();
                    }
                    catch (Exception ex)
                    {
                        write.Fail(ex);
                    }
                }
            }
            catch (Exception ex)
            {
                group[0].Fail(ex);
            }
        }
    }

    private async Task CommitAsync(IReadOnlyList<GroupWrite> group)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var write in group) await write.RunAsync(connection, transaction);
        await transaction.CommitAsync();
        Interlocked.Add(ref _groupWrites, group.Count);
        Interlocked.Increment(ref _groupCommits);
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer;
        if (_postgres is not null) await _postgres.DisposeAsync();
        _migrateLock.Dispose();
    }

    private abstract class GroupWrite(CancellationToken cancellation)
    {
        public CancellationToken Cancellation { get; } = cancellation;

        public abstract Task RunAsync(DbConnection connection, DbTransaction transaction);

        public abstract void Succeed();

        public abstract void Fail(Exception ex);

        public abstract void Cancel();
    }

    private sealed class GroupWrite<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken cancellation) : GroupWrite(cancellation)
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _value = default!;

        public Task<T> Result => _done.Task;

        public override async Task RunAsync(DbConnection connection, DbTransaction transaction) => _value = await write(connection, transaction, Cancellation);

        public override void Succeed() => _done.TrySetResult(_value);

        public override void Fail(Exception ex) => _done.TrySetException(ex);

        public override void Cancel() => _done.TrySetCanceled(Cancellation);
    }
}
