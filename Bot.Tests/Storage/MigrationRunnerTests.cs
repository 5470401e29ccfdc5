using Dapper;
using LicenseBot.Core.Storage;
using LicenseBot.Tests.Harness;
using Microsoft.Extensions.Logging.Abstractions;

namespace LicenseBot.Tests.Storage;

public sealed class MigrationRunnerTests
{
    private sealed class Source(params Migration[] migrations) : IMigrationSource
    {
        public IEnumerable<Migration> Migrations { get; } = migrations;
    }

    [Fact]
    public async Task First_open_creates_the_schema_with_core_tables()
    {
        await using var db = new TestDatabase();
        await using var connection = await db.Database.OpenAsync(CancellationToken.None);
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToList();
        Assert.Contains("bot_state", tables);
        Assert.Contains("webhook_events", tables);
        Assert.Contains("confirmations", tables);
        var versions = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations WHERE area = 'core' ORDER BY version")).ToList();
        Assert.Equal([1, 2, 3], versions);
    }

    [Fact]
    public async Task Another_areas_migrations_are_applied_in_version_order_and_only_once()
    {
        var audit = new Source(
            new Migration("audit", 2, "add column", "ALTER TABLE audit_test ADD COLUMN outcome TEXT;"),
            new Migration("audit", 1, "create", "CREATE TABLE audit_test (id TEXT PRIMARY KEY);"));
        await using var db = new TestDatabase(audit);
        await db.Database.MigrateAsync(CancellationToken.None);

        // A second process on the same file finds nothing to do.
        await using var again = new BotDatabase(StorageProvider.Sqlite, BotDatabase.SqliteConnectionString(db.Path), [new CoreMigrations(), audit], db.Time, NullLogger<BotDatabase>.Instance);
        var runner = new MigrationRunner(StorageProvider.Sqlite, [new CoreMigrations(), audit], db.Time, NullLogger.Instance);
        await using var connection = await again.OpenAsync(CancellationToken.None);
        Assert.Empty(await runner.RunAsync(connection, CancellationToken.None));
        await connection.ExecuteAsync("INSERT INTO audit_test (id, outcome) VALUES ('a', 'done')");
    }

    [Fact]
    public async Task A_new_migration_added_later_is_applied_on_the_next_start()
    {
        await using var db = new TestDatabase();
        await db.Database.MigrateAsync(CancellationToken.None);
        var jobs = new Source(new Migration("jobs", 1, "create", "CREATE TABLE jobs_test (id TEXT PRIMARY KEY);"));
        await using var later = new BotDatabase(StorageProvider.Sqlite, BotDatabase.SqliteConnectionString(db.Path), [new CoreMigrations(), jobs], db.Time, NullLogger<BotDatabase>.Instance);
        await using var connection = await later.OpenAsync(CancellationToken.None);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM jobs_test"));
    }

    [Fact]
    public async Task A_failing_migration_leaves_no_half_step_and_names_itself()
    {
        var broken = new Source(
            new Migration("x", 1, "good", "CREATE TABLE x_good (id TEXT);"),
            new Migration("x", 2, "bad", "CREATE TABLE x_bad (id TEXT); THIS IS NOT SQL;"));
        await using var db = new TestDatabase(broken);
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.MigrateAsync(CancellationToken.None));
        await using var raw = new Microsoft.Data.Sqlite.SqliteConnection(BotDatabase.SqliteConnectionString(db.Path));
        await raw.OpenAsync();
        var tables = (await raw.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToList();
        Assert.Contains("x_good", tables);
        Assert.DoesNotContain("x_bad", tables);
        Assert.Equal(0, await raw.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations WHERE area = 'x' AND version = 2"));
    }

    [Fact]
    public void Two_migrations_with_one_version_are_refused()
    {
        var twice = new Source(new Migration("a", 1, "one", "SELECT 1;"), new Migration("a", 1, "other", "SELECT 1;"));
        var error = Assert.Throws<InvalidOperationException>(() => new MigrationRunner(StorageProvider.Sqlite, [twice], TimeProvider.System, NullLogger.Instance));
        Assert.Contains("a/1", error.Message);
    }
}
