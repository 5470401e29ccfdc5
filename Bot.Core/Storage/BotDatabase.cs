using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LicenseBot.Core.Storage;

/// <summary>
/// Opens connections for the configured provider and makes sure migrations ran once per process before the first one
/// is handed out, so no caller depends on start-up order.
/// </summary>
public sealed class BotDatabase : IBotDatabase, IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly NpgsqlDataSource? _postgres;
    private readonly MigrationRunner _runner;
    private readonly SemaphoreSlim _migrateLock = new(1, 1);
    private volatile bool _migrated;

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

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        _migrateLock.Dispose();
    }
}
