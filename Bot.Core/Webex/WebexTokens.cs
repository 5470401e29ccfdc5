namespace LicenseBot.Core.Webex;

/// <summary>Gives the access token for one side (bot or admin). Implementations never log the token.</summary>
public interface IWebexTokenProvider
{
    ValueTask<string> GetAccessTokenAsync(CancellationToken ct);

    /// <summary>Webex answered 401 to <paramref name="rejectedToken"/>: drop it so the next call gets a fresh one. True when a retry can help.</summary>
    ValueTask<bool> InvalidateAsync(string rejectedToken, CancellationToken ct);
}

/// <summary>DI keys of the two token providers.</summary>
public static class WebexTokenRole
{
    public const string Bot = "webex-bot";
    public const string Admin = "webex-admin";
}

/// <summary>A token that does not expire on its own: the bot's, a service app's, or the sandbox's (read lazily, as the sandbox issues it at start).</summary>
public sealed class StaticTokenProvider(Func<string?> token, string description) : IWebexTokenProvider
{
    public ValueTask<string> GetAccessTokenAsync(CancellationToken ct) =>
        ValueTask.FromResult(token() is { Length: > 0 } value ? value : throw new InvalidOperationException($"No {description} is configured."));

    public ValueTask<bool> InvalidateAsync(string rejectedToken, CancellationToken ct) => ValueTask.FromResult(false);
}
