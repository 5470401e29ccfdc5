using System.Data.Common;

namespace LicenseBot.Core.Storage;

/// <summary>
/// The bot's database, SQLite or PostgreSQL. <see cref="OpenAsync"/> hands out an open connection to a schema that is
/// up to date: the first call applies every pending <see cref="Migration"/>. Use it with Dapper; keep SQL portable
/// (see <see cref="Migration"/>) or branch on <see cref="Provider"/>.
/// </summary>
public interface IBotDatabase
{
    StorageProvider Provider { get; }

    /// <summary>An open connection; the caller disposes it.</summary>
    Task<DbConnection> OpenAsync(CancellationToken ct);
}
