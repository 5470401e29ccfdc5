using System.Text.Json;
using Dapper;

namespace LicenseBot.Core.Storage;

/// <summary><see cref="IStorage"/> over the <c>bot_state</c> table, SQLite or PostgreSQL alike.</summary>
public sealed class DbStorage(IBotDatabase database, TimeProvider time) : IStorage
{
    public async Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var result = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
        if (keys.Count == 0) return result;
        await using var connection = await database.OpenAsync(ct);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            var row = await connection.QuerySingleOrDefaultAsync<StateRow>(new CommandDefinition(
                "SELECT value AS Value, etag AS ETag FROM bot_state WHERE key = @key;", new { key }, cancellationToken: ct));
            if (row is not null)
            {
                using var doc = JsonDocument.Parse(row.Value);
                result[key] = new StoreItem(doc.RootElement.Clone(), row.ETag);
            }
        }
        return result;
    }

    public async Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken ct)
    {
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (changes.Count == 0) return etags;
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (key, item) in changes)
        {
            var etag = Guid.NewGuid().ToString("N");
            var args = new { key, value = item.Value.GetRawText(), etag, expected = item.ETag, now };
            var sql = item.ETag switch
            {
                null or StoreItem.Any => """
                    INSERT INTO bot_state (key, value, etag, updated_at) VALUES (@key, @value, @etag, @now)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at;
                    """,
                StoreItem.New => """
                    INSERT INTO bot_state (key, value, etag, updated_at) VALUES (@key, @value, @etag, @now)
                    ON CONFLICT (key) DO NOTHING;
                    """,
                _ => "UPDATE bot_state SET value = @value, etag = @etag, updated_at = @now WHERE key = @key AND etag = @expected;",
            };
            var rows = await connection.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
            if (rows != 1)
            {
                await tx.RollbackAsync(ct);
                throw new StorageConcurrencyException(key);
            }
            etags[key] = etag;
        }
        await tx.CommitAsync(ct);
        return etags;
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        if (keys.Count == 0) return;
        await using var connection = await database.OpenAsync(ct);
        foreach (var key in keys)
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM bot_state WHERE key = @key;", new { key }, cancellationToken: ct));
        }
    }

    private sealed class StateRow
    {
        public string Value { get; set; } = "";
        public string ETag { get; set; } = "";
    }
}
