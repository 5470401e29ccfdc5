using LicenseBot.Host;
using Microsoft.AspNetCore.Routing;

namespace LicenseBot.Tests.Console;

/// <summary>The dev console hands out every seeded person's token: it exists in sandbox mode only.</summary>
public sealed class DevConsoleSandboxOnlyTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("console-mode-").FullName;

    [Fact]
    public async Task A_host_on_a_real_Webex_org_has_no_dev_console()
    {
        await using var app = BotHostApp.Build(
            ["--environment", "Production", "--contentRoot", root, "--urls", "http://127.0.0.1:0", "--Webex:BotToken", "real-bot-token", "--Webex:AdminToken", "real-admin-token"]);

        var routes = Routes(app);

        Assert.DoesNotContain("/", routes);
        Assert.DoesNotContain("/console/{file}", routes);
        Assert.DoesNotContain("/console/api/cards", routes);
    }

    [Fact]
    public async Task A_host_in_sandbox_mode_serves_the_dev_console()
    {
        await using var app = BotHostApp.Build(
            ["--environment", "Development", "--contentRoot", root, "--urls", "http://127.0.0.1:0", "--Sandbox:DataDir", Path.Combine(root, "data")]);

        var routes = Routes(app);

        Assert.Contains("/", routes);
        Assert.Contains("/console/{file}", routes);
        Assert.Contains("/console/api/cards", routes);
    }

    private static List<string?> Routes(IEndpointRouteBuilder app) =>
        app.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText).ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
