using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace LicenseBot.Sandbox;

/// <summary>
/// The simulated org's journal: one SQLite row per entity, written as each entity changes (never a rewrite of
/// everything). Not thread-safe: the owner (<see cref="SandboxState"/>) serialises access under its lock.
/// </summary>
public sealed class SandboxStore : IDisposable
{
    public const string FileName = "sandbox-org.db";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SqliteConnection _connection;

    private SandboxStore(SqliteConnection connection) => _connection = connection;

    /// <summary>
    /// Opens the store in <paramref name="dataDir"/>. When the saved state belongs to another seed (content hash) or
    /// <paramref name="reset"/> is set, every database file in the folder (the bot's too) and the uploaded files are
    /// deleted first, and <paramref name="fresh"/> is true.
    /// </summary>
    public static SandboxStore Open(string dataDir, string seedHash, bool reset, out bool fresh)
    {
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, FileName);
        fresh = reset || !File.Exists(path) || ReadSeedHash(path) != seedHash;
        if (fresh)
        {
            WipeFolder(dataDir);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Exec(connection, """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS entity (kind TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (kind, id));
            """);
        var store = new SandboxStore(connection);
        if (fresh)
        {
            store.SetMeta("seedHash", seedHash);
        }

        return store;
    }

    /// <summary>Deletes what a fresh start discards: every SQLite database in the folder and the uploaded files.</summary>
    private static void WipeFolder(string dataDir)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(dataDir))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".db-wal", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith(".db-shm", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".db-journal", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase))
            {
                File.Delete(file);
            }
        }

        var files = Path.Combine(dataDir, SandboxState.FilesFolder);
        if (Directory.Exists(files)) Directory.Delete(files, recursive: true);
    }

    private static string? ReadSeedHash(string path)
    {
        try
        {
            using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT value FROM meta WHERE key = 'seedHash'";
            return cmd.ExecuteScalar() as string;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    public string? GetMeta(string key)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT value FROM meta WHERE key = $k";
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() as string;
    }

    public void SetMeta(string key, string value)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "INSERT INTO meta (key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", value);
        cmd.ExecuteNonQuery();
    }

    public void Put<T>(string kind, string id, T entity) => PutMany(kind, [(id, entity)]);

    /// <summary>Writes several entities of one kind in one transaction.</summary>
    public void PutMany<T>(string kind, IEnumerable<(string Id, T Entity)> entities)
    {
        using var tx = _connection.BeginTransaction();
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO entity (kind, id, json) VALUES ($kind, $id, $json) ON CONFLICT(kind, id) DO UPDATE SET json = excluded.json";
        var pKind = cmd.Parameters.Add("$kind", SqliteType.Text);
        var pId = cmd.Parameters.Add("$id", SqliteType.Text);
        var pJson = cmd.Parameters.Add("$json", SqliteType.Text);
        pKind.Value = kind;
        foreach (var (id, entity) in entities)
        {
            pId.Value = id;
            pJson.Value = JsonSerializer.Serialize(entity, Json);
            cmd.ExecuteNonQuery();
        }

        tx.Commit();
    }

    public void Delete(string kind, string id)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "DELETE FROM entity WHERE kind = $kind AND id = $id";
        cmd.Parameters.AddWithValue("$kind", kind);
        cmd.Parameters.AddWithValue("$id", id);
        cmd.ExecuteNonQuery();
    }

    public List<T> LoadAll<T>(string kind)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT json FROM entity WHERE kind = $kind";
        cmd.Parameters.AddWithValue("$kind", kind);
        using var reader = cmd.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
        {
            list.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), Json)!);
        }

        return list;
    }

    public void Dispose()
    {
        _connection.Dispose();
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
