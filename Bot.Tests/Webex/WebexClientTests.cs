using System.Net;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Tests.Webex;

public sealed class WebexClientTests
{
    private const string Base = "https://webex.test/v1";

    private static (ServiceProvider Services, FakeHttpHandler Handler) Build(Func<FakeHttpHandler.Sent, int, HttpResponseMessage> answer, int maxRetries = 3)
    {
        var handler = new FakeHttpHandler(answer);
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.Configure<WebexOptions>(o =>
        {
            o.ApiBaseUrl = Base;
            o.BotToken = "bot-secret-token";
            o.AdminToken = "admin-secret-token";
            o.MaxRetries = maxRetries;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(5);
        });
        services.AddWebexClients();
        services.AddHttpClient(WebexMessagingClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        services.AddHttpClient(WebexAdminClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        return (services.BuildServiceProvider(), handler);
    }

    private const string ErrorBody = """{"message":"No free units","errors":[{"errorCode":400411,"description":"x"}],"trackingId":"ROUTER_123"}""";

    [Fact]
    public async Task A_Webex_error_becomes_an_exception_with_status_message_codes_and_tracking_id()
    {
        var (services, _) = Build((_, _) => FakeHttpHandler.Json(HttpStatusCode.BadRequest, ErrorBody));
        var admin = services.GetRequiredService<IWebexAdmin>();
        var error = await Assert.ThrowsAsync<WebexApiException>(() => admin.PatchUserLicensesAsync(new LicensePatchRequest { Email = "b@x" }, CancellationToken.None));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("No free units", error.WebexMessage);
        Assert.Equal([400411], error.ErrorCodes);
        Assert.Equal("ROUTER_123", error.TrackingId);
    }

    [Fact]
    public async Task Reads_are_retried_after_a_server_error()
    {
        var (services, handler) = Build((_, i) => i < 2
            ? FakeHttpHandler.Json(HttpStatusCode.ServiceUnavailable, "{}")
            : FakeHttpHandler.Json(HttpStatusCode.OK, """{"id":"P1","emails":["a@x"]}"""));
        var person = await services.GetRequiredService<IWebexAdmin>().GetPersonAsync("P1", callingData: true, CancellationToken.None);
        Assert.Equal("P1", person!.Id);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal($"{Base}/people/P1?callingData=true", handler.Requests[0].Url.ToString());
    }

    [Fact]
    public async Task A_licence_patch_is_never_retried_even_after_429_and_the_wait_is_reported()
    {
        var (services, handler) = Build((_, _) => FakeHttpHandler.Json(HttpStatusCode.TooManyRequests, "{}", r => r.Headers.Add("Retry-After", "7")));
        var error = await Assert.ThrowsAsync<WebexApiException>(() => services.GetRequiredService<IWebexAdmin>()
            .PatchUserLicensesAsync(new LicensePatchRequest { Email = "b@x" }, CancellationToken.None));
        Assert.Single(handler.Requests);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public async Task A_message_post_is_not_retried_after_a_server_error()
    {
        var (services, handler) = Build((_, _) => FakeHttpHandler.Json(HttpStatusCode.BadGateway, "{}"));
        await Assert.ThrowsAsync<WebexApiException>(() => services.GetRequiredService<IWebexMessaging>()
            .CreateMessageAsync(new CreateMessageRequest { RoomId = "R", Text = "hi" }, CancellationToken.None));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_time_Retry_After_asks_for()
    {
        var (services, handler) = Build((_, i) => i == 0
            ? FakeHttpHandler.Json(HttpStatusCode.TooManyRequests, "{}", r => r.Headers.Add("Retry-After", "1"))
            : FakeHttpHandler.Json(HttpStatusCode.OK, """{"id":"M1"}"""));
        var sent = await services.GetRequiredService<IWebexMessaging>().CreateMessageAsync(new CreateMessageRequest { RoomId = "R", Text = "hi" }, CancellationToken.None);
        Assert.Equal("M1", sent.Id);
        Assert.Equal(2, handler.Requests.Count);
        Assert.True(handler.Requests[1].At - handler.Requests[0].At >= TimeSpan.FromMilliseconds(950),
            $"The retry came {(handler.Requests[1].At - handler.Requests[0].At).TotalMilliseconds} ms after the 429, before Retry-After: 1.");
    }

    [Fact]
    public async Task Lists_follow_the_Link_header_page_by_page()
    {
        var (services, handler) = Build((sent, _) => sent.Url.Query.Contains("cursor=2")
            ? FakeHttpHandler.Json(HttpStatusCode.OK, """{"items":[{"id":"P3"}]}""")
            : sent.Url.Query.Contains("cursor=1")
                ? FakeHttpHandler.Json(HttpStatusCode.OK, """{"items":[{"id":"P2"}]}""", r => r.Headers.TryAddWithoutValidation("Link", $"<{Base}/people?max=100&cursor=2>; rel=\"next\""))
                : FakeHttpHandler.Json(HttpStatusCode.OK, """{"items":[{"id":"P1"}]}""", r => r.Headers.TryAddWithoutValidation("Link", $"<{Base}/people?max=100&cursor=1>; rel=\"next\"")));
        var ids = new List<string>();
        await foreach (var person in services.GetRequiredService<IWebexAdmin>().ListPeopleAsync(false, CancellationToken.None)) ids.Add(person.Id);
        Assert.Equal(["P1", "P2", "P3"], ids);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Each_side_uses_its_own_token_and_no_token_reaches_the_logs()
    {
        var (services, handler) = Build((_, _) => FakeHttpHandler.Json(HttpStatusCode.NotFound, """{"message":"gone"}"""));
        await Assert.ThrowsAsync<WebexApiException>(() => services.GetRequiredService<IWebexMessaging>().GetMessageAsync("M1", CancellationToken.None));
        Assert.Null(await services.GetRequiredService<IWebexAdmin>().GetPersonAsync("P1", false, CancellationToken.None));

        Assert.Equal("Bearer bot-secret-token", handler.Requests[0].Authorization);
        Assert.Equal("Bearer admin-secret-token", handler.Requests[1].Authorization);
        var logs = services.GetFakeLogCollector().GetSnapshot();
        Assert.NotEmpty(logs);
        var leaks = logs.Where(l => l.Message.Contains("secret-token") || l.StructuredState?.Any(s => s.Value?.Contains("secret-token") == true) == true)
            .Select(l => $"{l.Category}: {l.Message}").ToList();
        Assert.True(leaks.Count == 0, "A token reached the logs:\n" + string.Join("\n", leaks));
    }

    [Fact]
    public async Task Files_are_downloaded_only_from_the_API_host()
    {
        var (services, handler) = Build((_, _) => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("a,b\n1,2\n") { Headers = { ContentDisposition = new("attachment") { FileName = "\"users.csv\"" } } },
        });
        var messaging = services.GetRequiredService<IWebexMessaging>();
        await using (var file = await messaging.DownloadContentAsync($"{Base}/contents/C1", CancellationToken.None))
        {
            Assert.Equal("users.csv", file.FileName);
            Assert.Equal("a,b\n1,2\n", await new StreamReader(file.Content).ReadToEndAsync());
        }
        await Assert.ThrowsAsync<WebexApiException>(() => messaging.DownloadContentAsync("https://evil.test/v1/contents/C1", CancellationToken.None));
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("<https://a/v1/people?cursor=x>; rel=\"next\"", "https://a/v1/people?cursor=x")]
    [InlineData("<https://a/prev>; rel=\"prev\", <https://a/next>; rel=\"next\"", "https://a/next")]
    [InlineData("<https://a/first>; rel=\"first\"", null)]
    public void The_next_page_is_read_from_the_Link_header(string link, string? next)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Link", link);
        Assert.Equal(next, LinkHeader.Next(response));
    }

    [Theory]
    [InlineData("GET", 503, true)]
    [InlineData("GET", 429, true)]
    [InlineData("GET", 404, false)]
    [InlineData("PUT", 502, true)]
    [InlineData("POST", 503, false)]
    [InlineData("POST", 429, true)]
    [InlineData("PATCH", 429, false)]
    [InlineData("PATCH", 503, false)]
    public void Only_safe_calls_are_retried(string method, int status, bool retried) =>
        Assert.Equal(retried, WebexResilience.ShouldRetry(new HttpMethod(method), (HttpStatusCode)status, null));
}
