using System.Text.Json;
using System.Text.Json.Serialization;

namespace LicenseBot.Core.Webex.Websocket;

/// <summary>
/// The service catalog (U2C, <c>GET {catalog}?format=hostmap</c>): <c>serviceLinks</c> names each service's base URL
/// (<c>wdm</c> is the device service), <c>hostCatalog</c> maps a host to the clusters it serves (ids such as
/// <c>urn:TEAM:us-east-2_a:conversation</c>).
/// </summary>
public sealed class ServiceCatalog
{
    /// <summary>The JavaScript SDK's name of the original US cluster; REST ids of objects there say just "us".</summary>
    public const string UsClusterPrefix = "urn:TEAM:us-east-2_a";

    [JsonPropertyName("serviceLinks")]
    public Dictionary<string, string> ServiceLinks { get; init; } = [];

    [JsonPropertyName("hostCatalog")]
    public Dictionary<string, List<CatalogHost>> HostCatalog { get; init; } = [];

    public string? Wdm => ServiceLinks.GetValueOrDefault("wdm");

    /// <summary>
    /// The cluster part of REST ids for objects of the conversation at <paramref name="conversationUrl"/>: "us" for the
    /// original US cluster (and when the host is not in the catalog), else the first three parts of the cluster id
    /// (<c>urn:TEAM:eu-central-1_k</c>) — the JavaScript SDK's <c>getHydraClusterString</c>.
    /// </summary>
    public string ClusterOf(string? conversationUrl)
    {
        if (!Uri.TryCreate(conversationUrl, UriKind.Absolute, out var url)) return HydraId.UsCluster;
        var hosts = HostCatalog.GetValueOrDefault(url.Host) ?? HostCatalog.GetValueOrDefault(url.Authority);
        var clusterId = hosts?.Select(h => h.Id).FirstOrDefault(id => !string.IsNullOrEmpty(id));
        if (clusterId is null || clusterId.StartsWith(UsClusterPrefix, StringComparison.Ordinal)) return HydraId.UsCluster;
        var parts = clusterId.Split(':');
        return parts.Length >= 3 ? string.Join(':', parts[..3]) : HydraId.UsCluster;
    }

    public static ServiceCatalog Parse(string json) =>
        JsonSerializer.Deserialize<ServiceCatalog>(json, WebexJson.Options) ?? throw new JsonException("The service catalog is empty.");
}

public sealed record CatalogHost(
    [property: JsonPropertyName("host")] string? Host,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("priority")] int? Priority = null,
    [property: JsonPropertyName("ttl")] int? Ttl = null);

/// <summary>A device registration (WDM): <see cref="Url"/> identifies it, <see cref="WebSocketUrl"/> is its event socket.</summary>
public sealed record WebexDevice
{
    [JsonPropertyName("url")] public string Url { get; init; } = "";
    [JsonPropertyName("webSocketUrl")] public string WebSocketUrl { get; init; } = "";
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("deviceName")] public string? DeviceName { get; init; }
    [JsonPropertyName("deviceType")] public string? DeviceType { get; init; }
    [JsonPropertyName("model")] public string? Model { get; init; }
    [JsonPropertyName("localizedModel")] public string? LocalizedModel { get; init; }
    [JsonPropertyName("systemName")] public string? SystemName { get; init; }
    [JsonPropertyName("systemVersion")] public string? SystemVersion { get; init; }

    /// <summary>The registered user's UUID (the bot's own): activities it caused itself are skipped without a REST call.</summary>
    [JsonPropertyName("userId")] public string? UserId { get; init; }
    [JsonPropertyName("modificationTime")] public string? ModificationTime { get; init; }
}

/// <summary>The body of a device registration, as the SDKs send it.</summary>
public sealed record DeviceRegistration(
    [property: JsonPropertyName("deviceName")] string DeviceName,
    [property: JsonPropertyName("deviceType")] string DeviceType,
    [property: JsonPropertyName("localizedModel")] string LocalizedModel,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("systemName")] string SystemName,
    [property: JsonPropertyName("systemVersion")] string SystemVersion)
{
    public static DeviceRegistration For(string name) =>
        new("licensebot", "DESKTOP", "dotnet", "dotnet", name, "licensebot", typeof(DeviceRegistration).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");
}

internal sealed record DeviceList([property: JsonPropertyName("devices")] List<WebexDevice>? Devices);
