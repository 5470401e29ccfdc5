using LicenseBot.Host.Composition;
using LicenseBot.Host.Endpoints;
using LicenseBot.Host.Observability;

namespace LicenseBot.Host;

/// <summary>Builds the whole host, for <c>Program</c> and for tests that run the real thing on a loopback port.</summary>
public static class BotHostApp
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <param name="args">Command-line arguments, e.g. <c>--urls http://127.0.0.1:0 --Sandbox:DataDir=/tmp/x</c>.</param>
    /// <param name="configure">Extra setup before the services are built (tests add configuration or logging).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrWhiteSpace(builder.Configuration["http_ports"])
            && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var sandbox = SandboxMode.Requested(builder);
        if (sandbox) SandboxMode.Add(builder);
        builder.AddLicenseBot(sandbox);
        builder.AddBotTelemetry(sandbox);

        var app = builder.Build();
        if (sandbox)
        {
            SandboxMode.Map(app);
            app.MapDevConsole();
            app.MapMetricsView();
        }
        app.MapLicenseBot();
        return app;
    }
}
