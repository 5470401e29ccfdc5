using System.Security.Cryptography;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Conversation;

/// <summary>
/// The secret that signs webhook deliveries: <c>Webex:WebhookSecret</c> when configured; otherwise one generated once and
/// kept in the database, so it survives restarts (and is registered again with the webhooks at every start).
/// </summary>
public sealed class WebhookSecretProvider(IOptions<WebexOptions> options, IStorage storage)
{
    private const string Key = "host/webhook-secret";
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _secret;

    public async ValueTask<string> GetAsync(CancellationToken ct)
    {
        if (options.Value.WebhookSecret is { Length: > 0 } configured) return configured;
        if (_secret is { } known) return known;
        await _lock.WaitAsync(ct);
        try
        {
            if (_secret is not null) return _secret;
            var stored = await storage.ReadAsync(Key, ct);
            if (stored is null)
            {
                try
                {
                    var fresh = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
                    await storage.WriteAsync(Key, StoreItem.From(fresh, StoreItem.New), ct);
                    return _secret = fresh;
                }
                catch (StorageConcurrencyException)
                {
                    stored = await storage.ReadAsync(Key, ct); // another instance generated it first
                }
            }
            return _secret = stored!.As<string>();
        }
        finally
        {
            _lock.Release();
        }
    }
}
