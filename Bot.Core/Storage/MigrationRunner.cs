using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Storage;

/// <summary>
/// Applies pending migrations in (area, version) order, each in its own transaction together with its row in
/// <c>schema_migrations</c>, so a crash leaves the schema at a clean step. On PostgreSQL an advisory lock keeps two
/// starting instances from migrating at once; on SQLite the write transaction does.
/// </summary>
public sealed class MigrationRunner(StorageProvider provider, IEnumerable<IMigrationSource> sources, TimeProvider time, ILogger logger)
{
    private const long PostgresLockKey = 0x4C6963656E7365; // "License"

    public IReadOnlyList<Migration> All { get; } = Collect(sources);

    public async Task<IReadOnlyList<Migration>> RunAsync(DbConnection connection, CancellationToken ct)
    {
        if (provider == StorageProvider.Sqlite)
        {
            // WAL lets readers (the webhook dedupe, state reads) run while a job writes.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL;", cancellationToken: ct));
        }
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                area TEXT NOT NULL,
                version INTEGER NOT NULL,
                name TEXT NOT NULL,
                applied_at BIGINT NOT NULL,
                PRIMARY KEY (area, version)
            );
            """, cancellationToken: ct));

        if (provider == StorageProvider.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key);", new { key = PostgresLockKey }, cancellationToken: ct));
        }
        try
        {
            var applied = new List<Migration>();
            foreach (var migration in All)
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                var done = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM schema_migrations WHERE area = @Area AND version = @Version;",
                    new { migration.Area, migration.Version }, tx, cancellationToken: ct));
                if (done > 0) continue;

                await connection.ExecuteAsync(new CommandDefinition(migration.SqlFor(provider), transaction: tx, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (area, version, name, applied_at) VALUES (@Area, @Version, @Name, @At);",
                    new { migration.Area, migration.Version, migration.Name, At = time.GetUtcNow().ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                applied.Add(migration);
                logger.LogInformation("Applied migration {Migration}", migration.ToString());
            }
            return applied;
        }
        finally
        {
            if (provider == StorageProvider.Postgres)
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key);", new { key = PostgresLockKey }, cancellationToken: CancellationToken.None));
            }
        }
    }

    private static IReadOnlyList<Migration> Collect(IEnumerable<IMigrationSource> sources)
    {
        var all = sources.SelectMany(s => s.Migrations).ToList();
        var duplicate = all.GroupBy(m => (m.Area, m.Version)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations claim {duplicate.Key.Area}/{duplicate.Key.Version}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }
        var badVersion = all.FirstOrDefault(m => m.Version < 1 || string.IsNullOrWhiteSpace(m.Area));
        if (badVersion is not null) throw new InvalidOperationException($"Migration {badVersion} needs an area and a version of 1 or more.");
        return all.OrderBy(m => m.Area, StringComparer.Ordinal).ThenBy(m => m.Version).ToList();
    }
}
