using LicenseBot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LicenseBot.Tests.Harness;

/// <summary>
/// A real SQLite database in a temp folder, migrated with the core migrations plus any you pass — for unit tests of
/// repositories (audit, jobs, …). <c>await using var db = new TestDatabase(new MyMigrations());</c>
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public TestDatabase(params IMigrationSource[] extra)
    {
        Directory = TempFolder.Create("licensebot-db-");
        Path = System.IO.Path.Combine(Directory, "test.db");
        Database = new BotDatabase(StorageProvider.Sqlite, BotDatabase.SqliteConnectionString(Path), [new CoreMigrations(), .. extra], Time, NullLogger<BotDatabase>.Instance);
    }

    public string Directory { get; }
    public string Path { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    public BotDatabase Database { get; }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        // Only this database's pool: ClearAllPools would clear those of tests running in parallel too.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(BotDatabase.SqliteConnectionString(Path)))
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
        TempFolder.Delete(Directory);
    }
}
