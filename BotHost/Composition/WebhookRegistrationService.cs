using LicenseBot.Core.Conversation;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Options;

namespace LicenseBot.Host.Composition;

/// <summary>
/// Once the server listens, registers the manifest's webhooks at <c>{Webex:PublicUrl or this host}/api/webex/events</c>,
/// retrying with backoff while Webex cannot be reached, then logs one line saying where the bot is.
/// </summary>
public sealed class WebhookRegistrationService(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    WebhookRegistrar registrar,
    WebhookSecretProvider secrets,
    BotReadiness readiness,
    IOptions<WebexOptions> options,
    TimeProvider time,
    ILogger<WebhookRegistrationService> logger) : BackgroundService
{
    public const string EventsPath = "/api/webex/events";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await HostStarted.WaitAsync(lifetime, stoppingToken)) return;
        var sandbox = services.GetService<ISandboxMode>();
        var host = ServerAddress.Get(services);
        var target = (sandbox is null ? options.Value.PublicUrl!.TrimEnd('/') : host) + EventsPath;

        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await registrar.EnsureAsync(target, await secrets.GetAsync(stoppingToken), stoppingToken);
                readiness.MarkRegistered(target);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Registering webhooks at {Target} failed ({Error}); trying again in {Delay}", target, e.Message, delay);
                readiness.MarkFailed($"registering webhooks at {target} failed ({(e as WebexApiException)?.Status.ToString() ?? e.GetType().Name}); trying again in {delay.TotalSeconds:0} s");
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            }
        }
        if (!readiness.WebhooksRegistered) return;

        if (sandbox is not null)
        {
            logger.LogInformation("LicenseBot ready in sandbox mode: org {OrgName} ({OrgId}), webhooks to {Target}, dev console at {Console}/",
                sandbox.OrgName, sandbox.OrgId, target, host);
        }
        else
        {
            logger.LogInformation("LicenseBot ready: Webex {ApiBase}, webhooks to {Target}", options.Value.ApiBaseUrl, target);
        }
    }
}
