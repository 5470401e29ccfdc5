using System.Net;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using LicenseBot.Host.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LicenseBot.Tests.Observability;

public sealed class HealthCheckTests
{
    private readonly Mock<IWebexAdmin> _webex = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _time = new();

    private Task<HealthCheckResult> CheckAsync(WebexAdminTokenHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("webex-admin-token", check, HealthStatus.Unhealthy, null) });

    [Fact]
    public async Task A_refused_admin_token_is_unhealthy_with_what_to_do_and_webex_being_down_is_degraded()
    {
        var check = new WebexAdminTokenHealthCheck(_webex.Object, _time);
        _webex.Setup(w => w.GetMeAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new WebexApiException(HttpStatusCode.Unauthorized, "expired", [], "TRACK-1"));
        var refused = await CheckAsync(check);
        Assert.Equal(HealthStatus.Unhealthy, refused.Status);
        Assert.Contains("refused the admin token (401, tracking id TRACK-1)", refused.Description);

        _webex.Setup(w => w.GetMeAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new WebexApiException(HttpStatusCode.BadGateway, "down", [], "TRACK-2"));
        Assert.Equal(HealthStatus.Degraded, (await CheckAsync(check)).Status);
    }

    [Fact]
    public async Task A_good_answer_is_trusted_for_a_minute_so_probes_do_not_spend_the_api_budget()
    {
        var check = new WebexAdminTokenHealthCheck(_webex.Object, _time);
        _webex.Setup(w => w.GetMeAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new WebexPerson { Id = "APP", DisplayName = "LicenseBot service app" });
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);
        _webex.Verify(w => w.GetMeAsync(It.IsAny<CancellationToken>()), Times.Once);

        _time.Advance(TimeSpan.FromMinutes(2));
        _webex.Setup(w => w.GetMeAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new WebexApiException(HttpStatusCode.Unauthorized, "expired", [], "T"));
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(check)).Status);
    }
}
