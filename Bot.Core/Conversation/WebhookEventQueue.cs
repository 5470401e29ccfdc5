using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Conversation;

/// <summary>
/// Accepted webhook events wait here to become turns: in order per room, rooms in parallel, bounded
/// (<see cref="BotOptions.EventQueueCapacity"/>, <see cref="BotOptions.MaxParallelRooms"/>).
/// </summary>
public sealed class WebhookEventQueue : IAsyncDisposable
{
    private readonly RoomOrderedQueue<WebhookEnvelope> _queue;

    public WebhookEventQueue(WebexAdapter adapter, IBot bot, IOptions<BotOptions> options, ILogger<WebhookEventQueue> logger)
    {
        _queue = new RoomOrderedQueue<WebhookEnvelope>(options.Value.EventQueueCapacity, options.Value.MaxParallelRooms,
            (envelope, ct) => adapter.ProcessActivityAsync(envelope, bot, ct), logger);
    }

    /// <summary>False when the queue is full (answer 503 so Webex delivers again later).</summary>
    public bool TryEnqueue(WebhookEnvelope envelope) => _queue.TryEnqueue(envelope.Data.RoomId ?? string.Empty, envelope);

    public int Count => _queue.Count;

    public Task DrainAsync(CancellationToken ct) => _queue.DrainAsync(ct);

    public ValueTask DisposeAsync() => _queue.DisposeAsync();
}
