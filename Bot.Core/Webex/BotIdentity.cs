using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Core.Webex;

/// <summary>Who the bot is (<c>GET /people/me</c>), read once and kept: its id marks its own messages, its name its mentions.</summary>
public sealed class BotIdentity(IWebexMessaging messaging)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private WebexPerson? _me;

    /// <summary>The bot, once read; null until the first <see cref="GetAsync"/> has finished.</summary>
    public WebexPerson? Known => _me;

    public async Task<WebexPerson> GetAsync(CancellationToken ct)
    {
        if (_me is { } known) return known;
        await _lock.WaitAsync(ct);
        try
        {
            return _me ??= await messaging.GetMeAsync(ct);
        }
        finally
        {
            _lock.Release();
        }
    }
}
