using Dapper;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Storage;
using LicenseBot.Tests.Harness;
using Microsoft.Extensions.Options;

namespace LicenseBot.Tests.Storage;

/// <summary>The same storage behaviour on PostgreSQL as on SQLite (Storage:Provider=Postgres).</summary>
public sealed class PostgresStorageTests
{
    private sealed record Note(string Text);

    [PostgresFact]
    public async Task Every_areas_migrations_apply_on_PostgreSQL_and_only_once()
    {
        var all = typeof(CoreMigrations).Assembly.GetTypes()
            .Where(t => typeof(IMigrationSource).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IMigrationSource)Activator.CreateInstance(t)!)
            .Where(s => s is not CoreMigrations)
            .ToArray();
        await using var db = await TestPostgresDatabase.CreateAsync(all);
        await db.Database.MigrateAsync(CancellationToken.None);

        await using var again = db.Reopen([new CoreMigrations(), .. all]);
        await using var connection = await again.OpenAsync(CancellationToken.None);
        var applied = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations");
        Assert.Equal(all.Sum(s => s.Migrations.Count()) + new CoreMigrations().Migrations.Count(), applied);
    }

    [PostgresFact]
    public async Task State_is_written_with_etags_and_a_stale_write_is_refused()
    {
        await using var db = await TestPostgresDatabase.CreateAsync();
        var storage = new DbStorage(db.Database, db.Time);
        var first = await storage.WriteAsync("k", StoreItem.From(new Note("v1"), StoreItem.New), CancellationToken.None);
        await storage.WriteAsync("k", StoreItem.From(new Note("v2"), first), CancellationToken.None);
        await Assert.ThrowsAsync<StorageConcurrencyException>(() => storage.WriteAsync("k", StoreItem.From(new Note("lost"), first), CancellationToken.None));
        Assert.Equal(new Note("v2"), (await storage.ReadAsync("k", CancellationToken.None))!.As<Note>());
        await storage.DeleteAsync(["k"], CancellationToken.None);
        Assert.Null(await storage.ReadAsync("k", CancellationToken.None));
    }

    [PostgresFact]
    public async Task A_confirmation_is_used_once_across_instances()
    {
        await using var db = await TestPostgresDatabase.CreateAsync();
        await using var other = db.Reopen();
        var options = Options.Create(new BotOptions());
        var one = new ConfirmationService(db.Database, db.Time, options);
        var two = new ConfirmationService(other, db.Time, options);
        var token = await one.CreateAsync("P-ALICE", "edit", new Note("plan"), CancellationToken.None);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? one : two).ConsumeAsync<Note>(token.Value, "P-ALICE", "edit", CancellationToken.None)));
        Assert.Single(outcomes, o => o.IsOk);
        Assert.Equal(ConfirmationOutcome.WrongPerson, await two.CheckAsync((await one.CreateAsync("P-ALICE", "edit", new Note("x"), CancellationToken.None)).Value, "P-BOB", "edit", CancellationToken.None));
    }
}
