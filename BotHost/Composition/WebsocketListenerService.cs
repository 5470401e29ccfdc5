using LicenseBot.Core.Conversation;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Websocket;

namespace LicenseBot.Host.Composition;

/// <summary>
/// Websocket mode: once the server listens, removes the bot's own webhooks of earlier runs (retrying while Webex cannot be
/// reached), then keeps the event socket open (<see cref="WebexSocketListener"/>) until the host stops.
/// </summary>
public sealed class WebsocketListenerService(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    WebhookRegistrar registrar,
    WebexSocketListener listener,
    TimeProvider time,
    ILogger<WebsocketListenerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await HostStarted.WaitAsync(lifetime, stoppingToken)) return;
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await registrar.RemoveOwnAsync(stoppingToken);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Removing the bot's webhooks failed ({Error}); trying again in {Delay}", e.Message, delay);
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            }
        }

        if (services.GetService<ISandboxMode>() is { } sandbox)
        {
            logger.LogInformation("LicenseBot starting in sandbox mode over the event socket: org {OrgName} ({OrgId}), no webhooks, dev console at {Console}/",
                sandbox.OrgName, sandbox.OrgId, ServerAddress.Get(services));
        }
        else
        {
            logger.LogInformation("LicenseBot starting over the Webex event socket (no public address, no webhooks): Webex {ApiBase}", services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebexOptions>>().Value.ApiBaseUrl);
        }
        await listener.RunAsync(stoppingToken);
    }
}

/// <summary>Waits for <see cref="IHostApplicationLifetime.ApplicationStarted"/> (the server listens, so its address is known).</summary>
internal static class HostStarted
{
    public static async Task<bool> WaitAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStart = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStop = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
