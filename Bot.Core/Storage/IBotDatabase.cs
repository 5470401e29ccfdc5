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

    /// <summary>
    /// Runs <paramref name="write"/> in a transaction and returns once it is committed. On SQLite the transaction is shared
    /// with the other writes queued meanwhile (group commit): concurrent writers queue here, not in SQLite's lock (whose
    /// busy handler sleeps up to 100 ms between tries), and one commit — one flush to disk — covers them all; a write
    /// that fails is tried again on its own, so it fails only itself (it may therefore run twice, the first time in a
    /// transaction that was rolled back). On PostgreSQL each write has its own transaction. Keep a write short.
    /// </summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken ct);
}
