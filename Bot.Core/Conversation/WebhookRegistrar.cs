using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Conversation;

/// <summary>
/// Makes the bot's webhooks match the manifest, idempotently: for each manifest webhook, the first of ours (same name,
/// resource and event — or same resource, event and target) is updated to the current target and secret, further copies
/// are deleted, and a missing one is created. Webhooks that are not ours are left alone.
/// </summary>
public sealed class WebhookRegistrar(IWebexMessaging messaging, BotManifest manifest, ILogger<WebhookRegistrar> logger)
{
    public async Task<IReadOnlyList<WebexWebhook>> EnsureAsync(string targetUrl, string secret, CancellationToken ct)
    {
        var existing = await messaging.ListWebhooksAsync(ct);
        var result = new List<WebexWebhook>();
        foreach (var wanted in manifest.Webhooks)
        {
            var ours = existing.Where(h => Same(h.Resource, wanted.Resource) && Same(h.Event, wanted.Event)
                                           && (h.Name == wanted.Name || string.Equals(h.TargetUrl, targetUrl, StringComparison.OrdinalIgnoreCase)))
                               .OrderByDescending(h => h.Name == wanted.Name)
                               .ToList();
            if (ours.Count == 0)
            {
                result.Add(await messaging.CreateWebhookAsync(new CreateWebhookRequest(wanted.Name, targetUrl, wanted.Resource, wanted.Event, Secret: secret), ct));
                logger.LogInformation("Created webhook {Name} ({Resource}/{Event})", wanted.Name, wanted.Resource, wanted.Event);
            }
            else
            {
                // Always PUT: Webex does not show whether the stored secret is ours, and it revives a deactivated hook.
                result.Add(await messaging.UpdateWebhookAsync(ours[0].Id, new UpdateWebhookRequest(wanted.Name, targetUrl, secret, "active"), ct));
                foreach (var duplicate in ours.Skip(1))
                {
                    await messaging.DeleteWebhookAsync(duplicate.Id, ct);
                    logger.LogInformation("Deleted duplicate webhook {WebhookId} ({Resource}/{Event})", duplicate.Id, duplicate.Resource, duplicate.Event);
                }
            }
        }
        return result;
    }

    /// <summary>
    /// Websocket mode: deletes the bot's own webhooks of earlier (webhook-mode) runs — those with a manifest webhook's
    /// name, resource and event — so Webex does not deliver events twice or to an address that is gone. Others stay.
    /// </summary>
    public async Task<int> RemoveOwnAsync(CancellationToken ct)
    {
        var removed = 0;
        foreach (var hook in await messaging.ListWebhooksAsync(ct))
        {
            if (!manifest.Webhooks.Any(w => w.Name == hook.Name && Same(w.Resource, hook.Resource) && Same(w.Event, hook.Event))) continue;
            await messaging.DeleteWebhookAsync(hook.Id, ct);
            logger.LogInformation("Deleted webhook {Name} ({Resource}/{Event}): websocket mode needs none", hook.Name, hook.Resource, hook.Event);
            removed++;
        }
        return removed;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
