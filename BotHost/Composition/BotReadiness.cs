namespace LicenseBot.Host.Composition;

/// <summary>Whether the webhooks are registered, i.e. whether Webex will deliver to this host (reported by <c>/healthz</c>).</summary>
public sealed class BotReadiness
{
    private volatile string? _webhookTarget;

    public string? WebhookTarget => _webhookTarget;
    public bool WebhooksRegistered => _webhookTarget is not null;

    public void MarkRegistered(string target) => _webhookTarget = target;
}
