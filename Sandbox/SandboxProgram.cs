using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LicenseBot.Sandbox;

/// <summary>
/// The simulator on its own, no bot inside (docs/sandbox.md, "Running it on its own"):
/// <c>dotnet run --project Sandbox -- --urls http://127.0.0.1:5081</c>. Serves the simulated API, inspection and
/// event-socket services and delivers webhooks (to <c>Sandbox:DeliverTo:*</c> in turn when set); the bots it serves run
/// elsewhere, in real-org mode, with <c>Webex:ApiBaseUrl</c> pointed here and the tokens of <see cref="TokensFileName"/>.
/// </summary>
public static class SandboxProgram
{
    /// <summary>Written to the data folder once the simulator listens: where its API is and the tokens a bot needs.</summary>
    public const string TokensFileName = "sandbox-tokens.json";

    public static async Task<int> Main(string[] args)
    {
        try
        {
            var app = Build(args);
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is SandboxSeedException or InvalidOperationException { Source: "LicenseBot.Sandbox" })
        {
            await Console.Error.WriteLineAsync($"The sandbox cannot run: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The standalone simulator's host: <c>Sandbox:*</c> settings as in sandbox mode, plus <c>Sandbox:AdminToken</c>.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // The simulator's admin token: given (so a harness can hand the same one to the bots), or made up at each start.
        if (builder.Configuration["Sandbox:AdminToken"] is { Length: > 0 } adminToken) builder.Configuration["Webex:AdminToken"] = adminToken;
        builder.AddWebexSandbox();
        var app = builder.Build();
        app.MapWebexSandbox();
        app.MapGet("/", () => Results.Text($"LicenseBot sandbox: the simulated Webex API is at {SandboxHosting.ApiBasePath}; docs/sandbox.md says more."));
        app.Lifetime.ApplicationStarted.Register(() => WriteTokens(app));
        return app;
    }

    private static void WriteTokens(WebApplication app)
    {
        var access = app.Services.GetRequiredService<ISandboxAccess>();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = (addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault() ?? "http://localhost:5000")
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        var file = Path.Combine(access.DataDirectory, TokensFileName);
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            apiBaseUrl = address + SandboxHosting.ApiBasePath,
            orgId = access.OrgId,
            orgName = access.OrgName,
            botPersonId = access.BotPersonId,
            botEmail = access.BotEmail,
            botToken = access.BotToken,
            adminToken = access.AdminToken,
            deliverTo = app.Services.GetRequiredService<WebhookTargets>().Targets,
        }, new JsonSerializerOptions { WriteIndented = true });
        // Written whole and then renamed, so a reader never sees half a file.
        var temp = file + ".tmp";
        File.WriteAllBytes(temp, json);
        File.Move(temp, file, overwrite: true);
        app.Logger.LogInformation("Sandbox running on its own (no bot inside): API at {ApiBase}, webhooks to {Targets}, tokens in {TokensFile}",
            address + SandboxHosting.ApiBasePath, app.Services.GetRequiredService<WebhookTargets>().Targets is { Count: > 0 } t ? string.Join(", ", t) + " in turn" : "each webhook's targetUrl", file);
    }
}
