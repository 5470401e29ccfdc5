using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Webex.Websocket;

/// <summary>
/// The bot's one device registration, reused across starts (Webex caps registrations per user): the device URL is kept in
/// the bot's database and refreshed (<c>PUT</c>) at every connect; when the database has none, the bot's device is looked
/// up by name (<see cref="WebsocketOptions.DeviceName"/>); only when Webex knows neither (404) is a new one registered.
/// </summary>
public sealed class DeviceRegistry(DeviceServiceClient devices, IDeviceStore storage, IOptions<WebsocketOptions> options, ILogger<DeviceRegistry> logger)
{
    /// <summary>
    /// The device to connect with, and the catalog (for REST ids). <paramref name="gone"/>: a device URL whose socket
    /// Webex no longer accepts (handshake 404): never reused, a new registration replaces it.
    /// </summary>
    public async Task<(WebexDevice Device, ServiceCatalog Catalog)> EnsureAsync(string? gone, CancellationToken ct)
    {
        var catalog = await devices.GetCatalogAsync(ct);
        var wdm = catalog.Wdm ?? throw new InvalidOperationException("The Webex service catalog names no device service (serviceLinks.wdm).");
        var body = DeviceRegistration.For(options.Value.DeviceName);

        if (gone is not null) await ForgetAsync(gone, ct);
        var stored = await storage.ReadAsync(ct);
        var storedUrl = stored is null ? null : OnService(stored.Url, wdm);
        if (storedUrl is not null && storedUrl != gone)
        {
            if (await devices.RefreshAsync(storedUrl, body, ct) is { } refreshed) return (await SaveAsync(refreshed, ct), catalog);
            logger.LogInformation("Webex no longer knows the bot's device {DeviceUrl}; looking for another", storedUrl);
        }

        var mine = (await devices.ListAsync(wdm, ct)).FirstOrDefault(d => d.Name == options.Value.DeviceName && d.Url != gone && d.Url != storedUrl);
        if (mine is not null && await devices.RefreshAsync(mine.Url, body, ct) is { } found)
        {
            logger.LogInformation("Reusing the bot's device {DeviceUrl}", found.Url);
            return (await SaveAsync(found, ct), catalog);
        }

        var created = await devices.RegisterAsync(wdm, body, ct);
        logger.LogInformation("Registered a new Webex device {DeviceUrl} for the event socket", created.Url);
        return (await SaveAsync(created, ct), catalog);
    }

    /// <summary>
    /// The stored device URL under the device service the catalog names now (<c>{wdm}/devices/{id}</c>): the catalog is
    /// the authority on where the service is, the id is what identifies the device.
    /// </summary>
    internal static string OnService(string deviceUrl, string wdm)
    {
        var root = wdm.TrimEnd('/') + "/devices/";
        if (deviceUrl.StartsWith(root, StringComparison.OrdinalIgnoreCase)) return deviceUrl;
        var id = deviceUrl.TrimEnd('/').Split('/')[^1];
        return root + id;
    }

    /// <summary>A device whose socket Webex refused with 404: deleted (when Webex still lists it), so it does not count against the limit.</summary>
    private async Task ForgetAsync(string deviceUrl, CancellationToken ct)
    {
        try
        {
            await devices.DeleteAsync(deviceUrl, ct);
            logger.LogInformation("Deleted the bot's stale device {DeviceUrl}", deviceUrl);
        }
        catch (WebexApiException e)
        {
            logger.LogInformation("The stale device {DeviceUrl} could not be deleted ({Status}); registering a new one anyway", deviceUrl, (int)e.Status);
        }
    }

    /// <summary>The device the bot last used (from its database), or null.</summary>
    public async Task<string?> StoredUrlAsync(CancellationToken ct) => (await storage.ReadAsync(ct))?.Url;

    private async Task<WebexDevice> SaveAsync(WebexDevice device, CancellationToken ct)
    {
        await storage.WriteAsync(new StoredDevice(device.Url, device.WebSocketUrl, device.UserId), ct);
        return device;
    }

}

/// <summary>The device the bot registered, as kept between starts.</summary>
public sealed record StoredDevice(string Url, string WebSocketUrl, string? UserId);

/// <summary>
/// Where the bot keeps its device between starts. The Webex layer uses nothing above it, so the host supplies this
/// (over the bot's database: <c>LicenseBot.Core.Conversation.StoredDeviceStore</c>).
/// </summary>
public interface IDeviceStore
{
    Task<StoredDevice?> ReadAsync(CancellationToken ct);
    Task WriteAsync(StoredDevice device, CancellationToken ct);
}
