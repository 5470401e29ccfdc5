using System.Net;
using System.Text.Json.Serialization;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Webex;

/// <summary>
/// The admin token of an integration: exchanges <c>Webex:RefreshToken</c> at <c>POST /access_token</c> and refreshes
/// again before the access token expires (<see cref="RefreshMargin"/> ahead), keeping a rotated refresh token.
/// One refresh at a time; callers in between share its result.
/// </summary>
public sealed class OAuthRefreshTokenProvider(
    IHttpClientFactory httpClients,
    IWebexApiBase apiBase,
    IOptions<WebexOptions> options,
    TimeProvider time,
    ILogger<OAuthRefreshTokenProvider> logger) : IWebexTokenProvider
{
    public const string HttpClientName = "webex-oauth";

    /// <summary>Refresh this long before expiry, so a call never starts with a token about to lapse.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _accessToken;
    private DateTimeOffset _expiresAt;
    private string? _refreshToken;

    public async ValueTask<string> GetAccessTokenAsync(CancellationToken ct)
    {
        if (Fresh() is { } cached) return cached;
        await _lock.WaitAsync(ct);
        try
        {
            if (Fresh() is { } refreshedMeanwhile) return refreshedMeanwhile;
            await RefreshAsync(ct);
            return _accessToken!;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask<bool> InvalidateAsync(string rejectedToken, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            if (_accessToken == rejectedToken) _accessToken = null;
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    private string? Fresh() => _accessToken is { } token && time.GetUtcNow() < _expiresAt - RefreshMargin ? token : null;

    private async Task RefreshAsync(CancellationToken ct)
    {
        var o = options.Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = o.ClientId ?? "",
            ["client_secret"] = o.ClientSecret ?? "",
            ["refresh_token"] = _refreshToken ?? o.RefreshToken ?? "",
        });
        using var response = await httpClients.CreateClient(HttpClientName).PostAsync(new Uri($"{apiBase.Url}/access_token"), form, ct);
        if (!response.IsSuccessStatusCode)
        {
            var error = await WebexErrors.FromResponseAsync(response, ct);
            logger.LogError("Refreshing the admin token failed: {Status} {WebexMessage} (tracking id {TrackingId})", (int)error.Status, error.WebexMessage, error.TrackingId);
            throw error;
        }
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>(WebexJson.Options, ct)
            ?? throw new WebexApiException(HttpStatusCode.BadGateway, "Empty answer from /access_token.", [], null);
        if (string.IsNullOrEmpty(body.AccessToken)) throw new WebexApiException(HttpStatusCode.BadGateway, "No access_token in the answer of /access_token.", [], null);
        _accessToken = body.AccessToken;
        _expiresAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(body.ExpiresIn, 0));
        if (!string.IsNullOrEmpty(body.RefreshToken)) _refreshToken = body.RefreshToken;
        logger.LogInformation("Admin token refreshed; valid until {ExpiresAt:u}", _expiresAt);
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] long ExpiresIn,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("refresh_token_expires_in")] long? RefreshTokenExpiresIn);
}
