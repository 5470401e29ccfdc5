using LicenseBot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LicenseBot.Tests.Harness;

/// <summary>
/// A fresh PostgreSQL database on the server named by <see cref="Variable"/> (an Npgsql connection string of a user who
/// may create databases; <c>./test.sh</c> starts a throwaway server and sets it), dropped on dispose. Use with
/// <see cref="PostgresFactAttribute"/>.
/// </summary>
public sealed class TestPostgresDatabase : IAsyncDisposable
{
    public const string Variable = "LICENSEBOT_TEST_POSTGRES";

    private readonly string _admin;
    private readonly string _name;

    private TestPostgresDatabase(string admin, string name, IEnumerable<IMigrationSource> migrations)
    {
        _admin = admin;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
        Database = new BotDatabase(StorageProvider.Postgres, ConnectionString, migrations, Time, NullLogger<BotDatabase>.Instance);
    }

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public string ConnectionString { get; }

    /// <summary>The host settings that keep the bot's data in this database, with <paramref name="settings"/> over them.</summary>
    public Dictionary<string, string?> HostSettings(IEnumerable<KeyValuePair<string, string?>>? settings = null) => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = ConnectionString,
    }.Overlay(settings);
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    public BotDatabase Database { get; }

    /// <summary>Creates the database; migrations: the core ones plus <paramref name="extra"/>.</summary>
    public static async Task<TestPostgresDatabase> CreateAsync(params IMigrationSource[] extra)
    {
        var admin = ServerConnectionString ?? throw new InvalidOperationException($"{Variable} is not set.");
        var name = "lb_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new TestPostgresDatabase(admin, name, [new CoreMigrations(), .. extra]);
    }

    /// <summary>Another <see cref="BotDatabase"/> on the same database, as a second instance or a restart would open it.</summary>
    public BotDatabase Reopen(params IMigrationSource[] migrations) =>
        new(StorageProvider.Postgres, ConnectionString, migrations.Length == 0 ? [new CoreMigrations()] : migrations, Time, NullLogger<BotDatabase>.Instance);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A fact that needs PostgreSQL: skipped, saying why, only when <c>LICENSEBOT_TEST_POSTGRES</c> is unset (never in CI).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgresDatabase.ServerConnectionString is null)
        {
            Skip = $"PostgreSQL tests need {TestPostgresDatabase.Variable} (an Npgsql connection string of a server where databases can be created); ./test.sh starts one and sets it.";
        }
    }
}
