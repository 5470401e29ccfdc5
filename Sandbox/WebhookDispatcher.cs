using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Sandbox;

/// <summary>
/// Delivers webhook events over real HTTP in the background: one queue and one worker per webhook, so a slow
/// target never blocks the API call and events reach each webhook in the order they happened. Each body is
/// signed (<c>X-Spark-Signature</c>: lowercase hex HMAC-SHA1 keyed with the webhook's secret) and retried a few
/// times when the target fails.
/// </summary>
public sealed class WebhookDispatcher : IWebhookSink, IHostedService, IAsyncDisposable
{
    public const string HttpClientName = "sandbox-webhooks";
    public const string SignatureHeader = "X-Spark-Signature";

    private readonly IHttpClientFactory _http;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDispatcher> _log;
    private readonly WebhookTargets _targets;
    private readonly SandboxTraffic? _traffic;
    private readonly ConcurrentDictionary<string, Channel<(SimWebhook Hook, byte[] Body)>> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> _workers = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    public WebhookDispatcher(IHttpClientFactory http, TimeProvider time, ILogger<WebhookDispatcher> log, WebhookTargets? targets = null, SandboxTraffic? traffic = null)
    {
        _http = http;
        _time = time;
        _log = log;
        _targets = targets ?? new WebhookTargets([]);
        _traffic = traffic;
    }

    /// <summary>Delays between attempts; the first attempt is immediate.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    public void Enqueue(SimWebhook webhook, byte[] body)
    {
        var queue = _queues.GetOrAdd(webhook.Id, _ =>
        {
            var channel = Channel.CreateUnbounded<(SimWebhook, byte[])>(new UnboundedChannelOptions { SingleReader = true });
            _workers.Add(Task.Run(() => RunAsync(channel.Reader, _stopping.Token)));
            return channel;
        });
        queue.Writer.TryWrite((webhook, body));
    }

    public static string Sign(byte[] body, string? secret) =>
        Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret ?? ""), body));

    private async Task RunAsync(ChannelReader<(SimWebhook Hook, byte[] Body)> reader, CancellationToken ct)
    {
        try
        {
            await foreach (var (hook, body) in reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                await DeliverAsync(hook, body, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(SimWebhook hook, byte[] body, CancellationToken ct)
    {
        for (var attempt = 0; attempt <= RetryDelays.Count; attempt++)
        {
            if (attempt > 0) await Task.Delay(RetryDelays[attempt - 1], _time, ct).ConfigureAwait(false);
            var target = _targets.Next(hook.TargetUrl);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                if (hook.Secret is not null) request.Headers.Add(SignatureHeader, Sign(body, hook.Secret));
                using var response = await _http.CreateClient(HttpClientName).SendAsync(request, ct).ConfigureAwait(false);
                _traffic?.Delivery(hook, body, target, attempt + 1, (int)response.StatusCode, null);
                if (response.IsSuccessStatusCode) return;
                _log.LogWarning("Sandbox webhook {WebhookId} delivery attempt {Attempt} answered {Status}", hook.Id, attempt + 1, (int)response.StatusCode);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                _traffic?.Delivery(hook, body, target, attempt + 1, null, ex.Message);
                _log.LogWarning("Sandbox webhook {WebhookId} delivery attempt {Attempt} failed: {Error}", hook.Id, attempt + 1, ex.Message);
            }
        }

        _log.LogError("Sandbox webhook {WebhookId} event dropped after {Attempts} attempts", hook.Id, RetryDelays.Count + 1);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var q in _queues.Values) q.Writer.TryComplete();
        if (Volatile.Read(ref _disposed) == 0) await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_workers).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // Registered under three service types: the container may dispose it more than once.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
