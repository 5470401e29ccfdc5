using System.Net;
using System.Net.Http.Headers;

namespace LicenseBot.Core.Webex;

/// <summary>
/// Adds <c>Authorization: Bearer</c> from a token provider. On a 401 with a refreshable token it asks for a new one and
/// sends once more. Sits inside the resilience handler, so every attempt carries a current token.
/// </summary>
public sealed class WebexAuthHandler(IWebexTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var token = await tokens.GetAccessTokenAsync(ct);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !await tokens.InvalidateAsync(token, ct)) return response;

        var fresh = await tokens.GetAccessTokenAsync(ct);
        if (fresh == token) return response;
        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh);
        return await base.SendAsync(request, ct);
    }
}
