using System.Runtime.CompilerServices;
using LicenseBot.Sandbox;

namespace LicenseBot.Host.Composition;

/// <summary>
/// What the host's own services read about the simulator in this process. Registered only in sandbox mode: on a real
/// Webex org it resolves to nothing, and nothing on that path names a type of the simulator's assembly.
/// </summary>
public interface ISandboxMode
{
    string OrgId { get; }
    string OrgName { get; }
    string BotToken { get; }
    string AdminToken { get; }

    /// <summary>The sandbox data folder; the bot keeps its database here in sandbox mode.</summary>
    string DataDirectory { get; }

    /// <summary>The simulated API's path on this host (<c>/sandbox/webex/v1</c>).</summary>
    string ApiBasePath { get; }

    /// <summary>The simulated service catalog's path on this host.</summary>
    string CatalogPath { get; }
}

/// <summary>
/// Sandbox mode of the host (docs/sandbox.md, "Starting it"): <see cref="Requested"/> decides; <see cref="Add"/> and
/// <see cref="Map"/> are the only BotHost code that calls into the simulator (project <c>Sandbox</c>, assembly
/// <c>LicenseBot.Sandbox</c>), so a host on a real org neither maps nor loads it.
/// </summary>
public static class SandboxMode
{
    /// <summary>
    /// <c>Sandbox:Enabled</c>; default on when <c>Webex:BotToken</c> is unset; refused in Production unless explicit.
    /// Reads configuration only.
    /// </summary>
    public static bool Requested(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var config = builder.Configuration;
        var explicitSetting = config["Sandbox:Enabled"];
        if (string.IsNullOrWhiteSpace(explicitSetting))
        {
            var enabled = string.IsNullOrWhiteSpace(config["Webex:BotToken"]);
            if (enabled && builder.Environment.IsProduction())
            {
                throw new InvalidOperationException(
                    "Sandbox mode refuses to start in Production: set Webex:BotToken for a real Webex org, or Sandbox:Enabled=true to run the simulator on purpose.");
            }
            return enabled;
        }
        return bool.TryParse(explicitSetting, out var on)
            ? on
            : throw new InvalidOperationException($"Sandbox:Enabled must be true or false, not '{explicitSetting}'.");
    }

    /// <summary>Registers the simulator in this process (an invalid seed stops the start with its message) and <see cref="ISandboxMode"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Add(WebApplicationBuilder builder)
    {
        try
        {
            builder.AddWebexSandbox();
        }
        catch (SandboxSeedException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
        builder.Services.AddSingleton<ISandboxMode>(sp => new Link(sp.GetRequiredService<ISandboxAccess>()));
    }

    /// <summary>Maps the simulated API, inspection and event-socket services.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Map(WebApplication app) => app.MapWebexSandbox();

    private sealed class Link(ISandboxAccess sandbox) : ISandboxMode
    {
        public string OrgId => sandbox.OrgId;
        public string OrgName => sandbox.OrgName;
        public string BotToken => sandbox.BotToken;
        public string AdminToken => sandbox.AdminToken;
        public string DataDirectory => sandbox.DataDirectory;
        public string ApiBasePath => SandboxHosting.ApiBasePath;
        public string CatalogPath => SandboxHosting.CatalogPath;
    }
}
