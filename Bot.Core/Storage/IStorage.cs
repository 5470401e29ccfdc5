using System.Text.Json;

namespace LicenseBot.Core.Storage;

/// <summary>
/// Key/value state with optimistic concurrency, shaped like Bot Framework's <c>IStorage</c>.
/// Every stored item gets a new <see cref="StoreItem.ETag"/> on each write. A write that carries an ETag succeeds only
/// when the stored item still has it (or, for <c>null</c>… see <see cref="StoreItem"/>); otherwise
/// <see cref="StorageConcurrencyException"/> is thrown and nothing of that batch is written.
/// </summary>
public interface IStorage
{
    /// <summary>The items that exist among <paramref name="keys"/>; missing keys are simply absent.</summary>
    Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct);

    /// <summary>Writes all changes in one transaction; returns the new ETag per key.</summary>
    Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken ct);

    Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken ct);
}

/// <summary>
/// A stored JSON value. <see cref="ETag"/> on write: <c>null</c> or <c>"*"</c> = last writer wins;
/// <see cref="StoreItem.New"/> (<c>""</c>) = only if the key does not exist yet; any other value = only if unchanged since read.
/// </summary>
public sealed record StoreItem(JsonElement Value, string? ETag = null)
{
    public const string Any = "*";
    public const string New = "";

    public static StoreItem From<T>(T value, string? etag = null) => new(JsonSerializer.SerializeToElement(value, StorageJson.Options), etag);

    public T As<T>() => Value.Deserialize<T>(StorageJson.Options) ?? throw new InvalidOperationException($"Stored value is null, expected {typeof(T).Name}.");
}

/// <summary>Someone else wrote (or deleted) the item since it was read.</summary>
public sealed class StorageConcurrencyException(string key)
    : Exception($"The stored item '{key}' was changed by someone else since it was read.")
{
    public string Key { get; } = key;
}

public static class StorageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}

public static class StorageExtensions
{
    /// <summary>Reads one item; null when absent.</summary>
    public static async Task<StoreItem?> ReadAsync(this IStorage storage, string key, CancellationToken ct) =>
        (await storage.ReadAsync([key], ct)).GetValueOrDefault(key);

    /// <summary>Writes one item; returns its new ETag.</summary>
    public static async Task<string> WriteAsync(this IStorage storage, string key, StoreItem item, CancellationToken ct) =>
        (await storage.WriteAsync(new Dictionary<string, StoreItem> { [key] = item }, ct))[key];
}
