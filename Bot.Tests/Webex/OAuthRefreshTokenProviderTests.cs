using System.Net;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LicenseBot.Tests.Webex;

public sealed class OAuthRefreshTokenProviderTests
{
    private static (OAuthRefreshTokenProvider Provider, FakeHttpHandler Handler, FakeTimeProvider Time) Build(Func<FakeHttpHandler.Sent, int, HttpResponseMessage> answer)
    {
        var handler = new FakeHttpHandler(answer);
        var services = new ServiceCollection();
        services.AddHttpClient(OAuthRefreshTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new WebexOptions { ApiBaseUrl = "https://webex.test/v1", ClientId = "cid", ClientSecret = "csecret", RefreshToken = "refresh-1" });
        var provider = new OAuthRefreshTokenProvider(services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>(),
            new ConfiguredWebexApiBase(options), options, time, NullLogger<OAuthRefreshTokenProvider>.Instance);
        return (provider, handler, time);
    }

    private static HttpResponseMessage Token(int n) => FakeHttpHandler.Json(HttpStatusCode.OK,
        $$"""{"access_token":"access-{{n}}","expires_in":3600,"refresh_token":"refresh-{{n + 1}}","refresh_token_expires_in":7776000,"token_type":"Bearer"}""");

    [Fact]
    public async Task The_token_is_fetched_once_and_refreshed_before_it_expires_with_the_rotated_refresh_token()
    {
        var (provider, handler, time) = Build((_, i) => Token(i + 1));

        Assert.Equal("access-1", await provider.GetAccessTokenAsync(CancellationToken.None));
        var first = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, first.Method);
        Assert.Equal("https://webex.test/v1/access_token", first.Url.ToString());
        Assert.Contains("grant_type=refresh_token", first.Body);
        Assert.Contains("client_id=cid", first.Body);
        Assert.Contains("client_secret=csecret", first.Body);
        Assert.Contains("refresh_token=refresh-1", first.Body);

        time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal("access-1", await provider.GetAccessTokenAsync(CancellationToken.None));
        Assert.Single(handler.Requests);

        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1)); // inside the 5-minute margin before expiry
        Assert.Equal("access-2", await provider.GetAccessTokenAsync(CancellationToken.None));
        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains("refresh_token=refresh-2", handler.Requests[1].Body);
    }

    [Fact]
    public async Task Callers_at_the_same_moment_share_one_refresh()
    {
        var (provider, handler, _) = Build((_, i) => Token(i + 1));
        var tokens = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => provider.GetAccessTokenAsync(CancellationToken.None).AsTask()));
        Assert.All(tokens, t => Assert.Equal("access-1", t));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_rejected_token_is_replaced_on_the_next_call()
    {
        var (provider, handler, _) = Build((_, i) => Token(i + 1));
        var token = await provider.GetAccessTokenAsync(CancellationToken.None);
        Assert.True(await provider.InvalidateAsync(token, CancellationToken.None));
        Assert.Equal("access-2", await provider.GetAccessTokenAsync(CancellationToken.None));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_failed_refresh_throws_a_Webex_error_without_the_secrets()
    {
        var (provider, _, _) = Build((_, _) => FakeHttpHandler.Json(HttpStatusCode.BadRequest, """{"message":"invalid_grant","trackingId":"T1"}"""));
        var error = await Assert.ThrowsAsync<WebexApiException>(() => provider.GetAccessTokenAsync(CancellationToken.None).AsTask());
        Assert.Equal("invalid_grant", error.WebexMessage);
        Assert.DoesNotContain("csecret", error.Message);
        Assert.DoesNotContain("refresh-1", error.Message);
    }
}
