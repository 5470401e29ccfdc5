using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex.Websocket;

namespace LicenseBot.Core.Conversation;

/// <summary>The websocket device kept in the bot's database (key <c>webex/device</c>), so every start reuses it.</summary>
public sealed class StoredDeviceStore(IStorage storage) : IDeviceStore
{
    internal const string StorageKey = "webex/device";

    public async Task<StoredDevice?> ReadAsync(CancellationToken ct) => (await storage.ReadAsync(StorageKey, ct))?.As<StoredDevice>();

    public Task WriteAsync(StoredDevice device, CancellationToken ct) => storage.WriteAsync(StorageKey, StoreItem.From(device), ct);
}
