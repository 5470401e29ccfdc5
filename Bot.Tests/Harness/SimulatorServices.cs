using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Facts;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex;
using LicenseBot.Tests.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LicenseBot.Tests.Harness;

/// <summary>
/// The bot's services without a host, over the real REST clients against a <see cref="SandboxServer"/> (real HTTP) and a
/// <see cref="TestDatabase"/>, for rigs below the whole bot (the licensing core, the reset runner). They are registered
/// through the host's own Add… methods, with the simulator's licensing facts and the test's database in place of the
/// configured ones.
/// </summary>
internal static class SimulatorServices
{
    /// <summary>The settings that point the Webex clients and the licensing core at <paramref name="server"/> (no retries), with <paramref name="settings"/> over them.</summary>
    public static IConfiguration Configuration(SandboxServer server, IEnumerable<KeyValuePair<string, string?>>? settings = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webex:ApiBaseUrl"] = server.ApiBase.ToString(),
            ["Webex:AdminToken"] = server.Access.AdminToken,
            ["Webex:BotToken"] = server.Access.BotToken,
            ["Webex:MaxRetries"] = "0",
            ["Licensing:OrgId"] = server.Access.OrgId,
        }.Overlay(settings)).Build();

    /// <summary>
    /// Logging, the Webex clients (<c>AddWebexClients</c>) and the licensing core (<c>AddLicensing</c>) on
    /// <paramref name="server"/> and <paramref name="db"/>. Register what a test replaces (a clock, a reporter, …) before:
    /// the Add… methods add with TryAdd. A feature's own Add… goes after.
    /// </summary>
    public static IServiceCollection AddLicensingOnSimulator(this IServiceCollection services, SandboxServer server, TestDatabase db, IConfiguration config) =>
        services
            .AddSingleton<IBotDatabase>(db.Database)
            .AddSingleton(server.Services.GetRequiredService<ISubscriptionStates>())
            .AddSingleton(server.Services.GetRequiredService<IMeetingSiteFacts>())
            .AddLogging()
            .Configure<WebexOptions>(config.GetSection(WebexOptions.Section))
            .AddWebexClients()
            .AddLicensing(config);
}
