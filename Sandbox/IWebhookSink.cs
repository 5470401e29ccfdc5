namespace LicenseBot.Sandbox;

/// <summary>Takes a signed-to-be webhook delivery; must return at once (delivery happens in the background, in order per webhook).</summary>
public interface IWebhookSink
{
    void Enqueue(SimWebhook webhook, byte[] body);
}
