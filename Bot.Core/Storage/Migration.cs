namespace LicenseBot.Core.Storage;

/// <summary>
/// One numbered schema step of an area (<c>core</c>, <c>audit</c>, <c>jobs</c>, …). Versions count up from 1 per area
/// and are never edited once landed: a change to a table is a new migration.
/// The same SQL serves both providers unless <paramref name="PostgresSql"/> is given; portable SQL means
/// <c>TEXT</c>, <c>BIGINT</c> (instants as Unix milliseconds), <c>INSERT … ON CONFLICT</c>, <c>RETURNING</c>.
/// </summary>
public sealed record Migration(string Area, int Version, string Name, string Sql, string? PostgresSql = null)
{
    public string SqlFor(StorageProvider provider) => provider == StorageProvider.Postgres && PostgresSql is not null ? PostgresSql : Sql;

    public override string ToString() => $"{Area}/{Version:D3} {Name}";
}

/// <summary>
/// An area's migrations. Register one per area with <c>services.AddMigrations&lt;MyMigrations&gt;()</c>;
/// the database applies every pending one, in (area, version) order, before its first connection is handed out.
/// </summary>
public interface IMigrationSource
{
    IEnumerable<Migration> Migrations { get; }
}
