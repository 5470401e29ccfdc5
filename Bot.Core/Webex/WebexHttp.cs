using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Core.Webex;

/// <summary>
/// The HTTP plumbing both Webex clients share: absolute URLs from <see cref="IWebexApiBase"/>, JSON with
/// <see cref="WebexJson"/>, failures as <see cref="WebexApiException"/>, lists followed through <c>Link: rel="next"</c>.
/// The named <see cref="HttpClient"/> carries the token handler and the resilience pipeline.
/// </summary>
public sealed class WebexHttp(IHttpClientFactory httpClients, string clientName, IWebexApiBase apiBase)
{
    public string Url(string relative) => $"{apiBase.Url}/{relative.TrimStart('/')}";

    /// <summary>Sends and returns a successful answer; any other answer throws <see cref="WebexApiException"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(clientName).SendAsync(request, completion, ct);
        }
        catch (Exception e) when (e is HttpRequestException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException
                                   || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw WebexErrors.FromTransport(e);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            throw await WebexErrors.FromResponseAsync(response, ct);
        }
    }

    public async Task<T> GetAsync<T>(string relativeOrAbsolute, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Absolute(relativeOrAbsolute)), ct);
        return await ReadAsync<T>(response, ct);
    }

    /// <summary>Like <see cref="GetAsync{T}"/>, but null when Webex answers 404.</summary>
    public async Task<T?> GetOrNullAsync<T>(string relative, CancellationToken ct) where T : class
    {
        try
        {
            return await GetAsync<T>(relative, ct);
        }
        catch (WebexApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    public async Task<TResult> SendJsonAsync<TResult>(HttpMethod method, string relative, object body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, Url(relative)) { Content = JsonContent.Create(body, body.GetType(), options: WebexJson.Options) };
        using var response = await SendAsync(request, ct);
        return await ReadAsync<TResult>(response, ct);
    }

    public async Task DeleteAsync(string relative, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, Url(relative)), ct);
    }

    /// <summary>Every item of a list, page by page.</summary>
    public async IAsyncEnumerable<T> PagesAsync<T>(string firstPage, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var page in PageResponsesAsync<ListResponse<T>>(firstPage, ct))
        {
            foreach (var item in page.Items ?? []) yield return item;
        }
    }

    /// <summary>Each page's body, following <c>Link: rel="next"</c> (only on the API's own host, so the token never leaves it).</summary>
    public async IAsyncEnumerable<TPage> PageResponsesAsync<TPage>(string firstPage, [EnumeratorCancellation] CancellationToken ct)
    {
        string? next = Url(firstPage);
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Options.Set(WebexPacingHandler.Ahead, true); // pages follow one another: each wait adds up
            using var response = await SendAsync(request, ct);
            yield return await ReadAsync<TPage>(response, ct);
            next = LinkHeader.Next(response);
            if (next is not null && !IsOnApiHost(next)) throw new WebexApiException(HttpStatusCode.BadGateway, "Webex pointed the next page to another host.", [], WebexErrors.TrackingId(response));
        }
    }

    /// <summary>True when <paramref name="url"/> is under the API base (scheme, host, port and path prefix).</summary>
    public bool IsOnApiHost(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var target) && Uri.TryCreate(apiBase.Url, UriKind.Absolute, out var root)
        && target.Scheme == root.Scheme && string.Equals(target.Authority, root.Authority, StringComparison.OrdinalIgnoreCase)
        && target.AbsolutePath.StartsWith(root.AbsolutePath.TrimEnd('/') + "/", StringComparison.Ordinal);

    private string Absolute(string relativeOrAbsolute) =>
        relativeOrAbsolute.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || relativeOrAbsolute.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? relativeOrAbsolute
            : Url(relativeOrAbsolute);

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<T>(WebexJson.Options, ct)
        ?? throw new WebexApiException(response.StatusCode, "Webex answered with an empty body.", [], WebexErrors.TrackingId(response));
}
