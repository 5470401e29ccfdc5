using LicenseBot.Core.Conversation;

namespace LicenseBot.Host.Composition;

/// <summary>At shutdown, lets accepted webhook events finish (within the host's shutdown timeout).</summary>
public sealed class WebhookQueueService(WebhookEventQueue queue) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => queue.DrainAsync(cancellationToken);
}
