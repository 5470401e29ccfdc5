using System.Net;
using System.Text;

namespace LicenseBot.Tests.Webex;

/// <summary>A scripted HTTP server for unit tests of one client: answers by a function, records what was sent.</summary>
public sealed class FakeHttpHandler(Func<FakeHttpHandler.Sent, int, HttpResponseMessage> answer) : HttpMessageHandler
{
    public sealed record Sent(HttpMethod Method, Uri Url, string? Authorization, string? Body, DateTimeOffset At);

    public List<Sent> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var sent = new Sent(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(),
            request.Content is null ? null : await request.Content.ReadAsStringAsync(ct), DateTimeOffset.UtcNow);
        int index;
        lock (Requests)
        {
            Requests.Add(sent);
            index = Requests.Count - 1;
        }
        var response = answer(sent, index);
        response.RequestMessage = request;
        return response;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, Action<HttpResponseMessage>? headers = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        headers?.Invoke(response);
        return response;
    }
}
