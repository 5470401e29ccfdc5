namespace LicenseBot.Host.Composition;

/// <summary>
/// Whether the webhooks are registered, i.e. whether Webex will deliver to this host (an entry of <c>/healthz/ready</c>),
/// and, until they are, why not.
/// </summary>
public sealed class BotReadiness
{
    private volatile string? _webhookTarget;
    private volatile string? _problem;

    public string? WebhookTarget => _webhookTarget;
    public bool WebhooksRegistered => _webhookTarget is not null;

    /// <summary>The last failed registration attempt, in words (no secrets), until one succeeds.</summary>
    public string? Problem => _problem;

    public void MarkRegistered(string target)
    {
        _webhookTarget = target;
        _problem = null;
    }

    public void MarkFailed(string problem) => _problem = problem;
}
