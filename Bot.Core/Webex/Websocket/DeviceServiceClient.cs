using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Webex.Websocket;

/// <summary>Where the service catalog is: <see cref="WebsocketOptions.CatalogUrl"/>, or the sandbox's, known once it listens.</summary>
public interface IWebexCatalogAddress
{
    string Url { get; }
}

public sealed class ConfiguredCatalogAddress(IOptions<WebsocketOptions> options) : IWebexCatalogAddress
{
    public string Url => options.Value.CatalogUrl;
}

public sealed class DelegateCatalogAddress(Func<string> url) : IWebexCatalogAddress
{
    public string Url => url();
}

/// <summary>
/// The service catalog and the device service (WDM), with the bot token (named client <see cref="HttpClientName"/>, the
/// same resilience pipeline as the REST clients: a registration POST is repeated only after a 429).
/// </summary>
public sealed class DeviceServiceClient(IHttpClientFactory httpClients, IWebexCatalogAddress catalog)
{
    public const string HttpClientName = "webex-device";

    /// <summary><c>GET {catalog}?format=hostmap</c>.</summary>
    public async Task<ServiceCatalog> GetCatalogAsync(CancellationToken ct)
    {
        var url = catalog.Url + (catalog.Url.Contains('?') ? "&" : "?") + "format=hostmap";
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, url), ct);
        return ServiceCatalog.Parse(await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary><c>GET {wdm}/devices</c>: the bot's registered devices.</summary>
    public async Task<IReadOnlyList<WebexDevice>> ListAsync(string wdm, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{wdm.TrimEnd('/')}/devices"), ct);
        return (await response.Content.ReadFromJsonAsync<DeviceList>(WebexJson.Options, ct))?.Devices ?? [];
    }

    /// <summary><c>POST {wdm}/devices</c>: a new registration (counts against the per-user limit).</summary>
    public async Task<WebexDevice> RegisterAsync(string wdm, DeviceRegistration body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{wdm.TrimEnd('/')}/devices") { Content = JsonContent.Create(body, options: WebexJson.Options) };
        using var response = await SendAsync(request, ct);
        return await ReadDeviceAsync(response, ct);
    }

    /// <summary><c>PUT {device.url}</c>: keeps the registration alive; null when Webex no longer knows it (404).</summary>
    public async Task<WebexDevice?> RefreshAsync(string deviceUrl, DeviceRegistration body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, deviceUrl) { Content = JsonContent.Create(body, options: WebexJson.Options) };
        try
        {
            using var response = await SendAsync(request, ct);
            return await ReadDeviceAsync(response, ct);
        }
        catch (WebexApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary><c>DELETE {device.url}</c>.</summary>
    public async Task DeleteAsync(string deviceUrl, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, deviceUrl), ct);
    }

    private static async Task<WebexDevice> ReadDeviceAsync(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<WebexDevice>(WebexJson.Options, ct) is { Url.Length: > 0, WebSocketUrl.Length: > 0 } device
            ? device
            : throw new WebexApiException(response.StatusCode, "The device service answered without a device url or webSocketUrl.", [], WebexErrors.TrackingId(response));

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            using (request) response = await httpClients.CreateClient(HttpClientName).SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException
                                   || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw WebexErrors.FromTransport(e);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await WebexErrors.FromResponseAsync(response, ct);
    }
}
