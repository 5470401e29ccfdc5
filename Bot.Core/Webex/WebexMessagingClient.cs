using System.Net;
using System.Net.Http.Headers;
using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Core.Webex;

/// <summary><see cref="IWebexMessaging"/> over HTTP with the bot token (named client <see cref="HttpClientName"/>).</summary>
public sealed class WebexMessagingClient(IHttpClientFactory httpClients, IWebexApiBase apiBase) : IWebexMessaging
{
    public const string HttpClientName = "webex-bot";

    private readonly WebexHttp _http = new(httpClients, HttpClientName, apiBase);

    public Task<WebexPerson> GetMeAsync(CancellationToken ct) => _http.GetAsync<WebexPerson>("people/me", ct);

    public Task<WebexMessage> GetMessageAsync(string messageId, CancellationToken ct) => _http.GetAsync<WebexMessage>($"messages/{Esc(messageId)}", ct);

    public Task<WebexMessage> CreateMessageAsync(CreateMessageRequest message, CancellationToken ct) =>
        _http.SendJsonAsync<WebexMessage>(HttpMethod.Post, "messages", message, ct);

    public async Task<WebexMessage> CreateFileMessageAsync(string roomId, string? parentId, string? markdown, string fileName, string contentType, Stream content, CancellationToken ct)
    {
        // Buffered so a retry after 429 can send the same bytes again.
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var file = new ByteArrayContent(buffer.ToArray());
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(roomId), "roomId" },
        };
        if (parentId is not null) form.Add(new StringContent(parentId), "parentId");
        if (markdown is not null) form.Add(new StringContent(markdown), "markdown");
        form.Add(file, "files", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, _http.Url("messages")) { Content = form };
        using var response = await _http.SendAsync(request, ct);
        return await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<WebexMessage>(response.Content, WebexJson.Options, ct)
            ?? throw new WebexApiException(response.StatusCode, "Webex answered with an empty body.", [], WebexErrors.TrackingId(response));
    }

    public Task<WebexMessage> UpdateMessageAsync(string messageId, UpdateMessageRequest update, CancellationToken ct) =>
        _http.SendJsonAsync<WebexMessage>(HttpMethod.Put, $"messages/{Esc(messageId)}", update, ct);

    public Task DeleteMessageAsync(string messageId, CancellationToken ct) => _http.DeleteAsync($"messages/{Esc(messageId)}", ct);

    public Task<WebexAttachmentAction> GetAttachmentActionAsync(string actionId, CancellationToken ct) =>
        _http.GetAsync<WebexAttachmentAction>($"attachment/actions/{Esc(actionId)}", ct);

    public async Task<WebexContent> DownloadContentAsync(string contentUrl, CancellationToken ct)
    {
        // The bot token goes only to the API itself, never to a URL someone put in a message.
        if (!_http.IsOnApiHost(contentUrl)) throw new WebexApiException(HttpStatusCode.BadRequest, "The file is not on the Webex API host.", [], null);
        var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, contentUrl), ct, HttpCompletionOption.ResponseHeadersRead);
        var headers = response.Content.Headers;
        var name = headers.ContentDisposition?.FileNameStar ?? headers.ContentDisposition?.FileName?.Trim('"') ?? "file";
        var stream = await response.Content.ReadAsStreamAsync(ct);
        return new WebexContent(new OwningStream(stream, response), name, headers.ContentType?.MediaType ?? "application/octet-stream", headers.ContentLength);
    }

    public Task<WebexRoom> GetRoomAsync(string roomId, CancellationToken ct) => _http.GetAsync<WebexRoom>($"rooms/{Esc(roomId)}", ct);

    public async Task<IReadOnlyList<WebexMembership>> ListMembershipsAsync(string roomId, CancellationToken ct) =>
        await ToListAsync(_http.PagesAsync<WebexMembership>($"memberships?roomId={Esc(roomId)}&max=1000", ct), ct);

    public async Task<IReadOnlyList<WebexWebhook>> ListWebhooksAsync(CancellationToken ct) =>
        await ToListAsync(_http.PagesAsync<WebexWebhook>("webhooks?max=100", ct), ct);

    public Task<WebexWebhook> CreateWebhookAsync(CreateWebhookRequest webhook, CancellationToken ct) =>
        _http.SendJsonAsync<WebexWebhook>(HttpMethod.Post, "webhooks", webhook, ct);

    public Task<WebexWebhook> UpdateWebhookAsync(string webhookId, UpdateWebhookRequest webhook, CancellationToken ct) =>
        _http.SendJsonAsync<WebexWebhook>(HttpMethod.Put, $"webhooks/{Esc(webhookId)}", webhook, ct);

    public Task DeleteWebhookAsync(string webhookId, CancellationToken ct) => _http.DeleteAsync($"webhooks/{Esc(webhookId)}", ct);

    private static string Esc(string value) => Uri.EscapeDataString(value);

    private static async Task<IReadOnlyList<T>> ToListAsync<T>(IAsyncEnumerable<T> items, CancellationToken ct)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(ct)) list.Add(item);
        return list;
    }

    /// <summary>A response body stream that disposes its response with it.</summary>
    private sealed class OwningStream(Stream inner, HttpResponseMessage owner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                owner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
