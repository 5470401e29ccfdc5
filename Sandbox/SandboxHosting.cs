using LicenseBot.Sandbox.Endpoints;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LicenseBot.Sandbox;

/// <summary>The hosting seam: Program.cs calls <see cref="AddWebexSandbox"/> and <see cref="MapWebexSandbox"/>.</summary>
public static class SandboxHosting
{
    /// <summary>The simulated API base path; the full base is <c>{host}/sandbox/webex/v1</c>.</summary>
    public const string ApiBasePath = "/sandbox/webex/v1";
    public const string InspectPath = "/sandbox/inspect";
    public const string IdentitiesPath = "/sandbox/identities";

    /// <summary>The service catalog (stands for <c>https://u2c.wbx2.com/u2c/api/v1/catalog</c>).</summary>
    public const string CatalogPath = "/sandbox/u2c/api/v1/catalog";

    /// <summary>The device service base (the catalog's <c>serviceLinks.wdm</c>).</summary>
    public const string WdmPath = "/sandbox/wdm/api/v1";

    /// <summary>Event sockets: <c>{MercuryPath}/{deviceId}/messages</c>.</summary>
    public const string MercuryPath = "/sandbox/mercury/v1/apps/wx2/registrations";

    /// <summary>The base of conversation URLs in events (<c>target.url</c>); nothing is served there.</summary>
    public const string ConversationPath = "/sandbox/conversation/api/v1";

    /// <summary>Sandbox only: look at the event sockets, drop them on purpose.</summary>
    public const string SocketControlPath = "/sandbox/socket";

    /// <summary>
    /// Loads and validates the seed (throws <see cref="SandboxSeedException"/>), opens the saved state and registers the
    /// simulator. Whether a host runs in sandbox mode is the host's decision (BotHost: <c>SandboxMode</c>); a host on a
    /// real Webex org never calls this, so it never loads this assembly.
    /// </summary>
    public static void AddWebexSandbox(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var config = builder.Configuration;
        var options = new SandboxOptions();
        config.GetSection(SandboxOptions.Section).Bind(options);
        var seedFile = options.SeedFile is { Length: > 0 } f ? Path.GetFullPath(f, builder.Environment.ContentRootPath) : null;
        var seed = SeedLoader.Load(seedFile);
        var dataDir = Path.GetFullPath(options.DataDir is { Length: > 0 } d ? d : Path.Combine("data", "sandbox"), builder.Environment.ContentRootPath);
        var adminToken = config["Webex:AdminToken"] is { Length: > 0 } configured
            ? configured
            : "sandbox-admin-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

        var services = builder.Services;
        services.AddOptions<SandboxOptions>().Bind(config.GetSection(SandboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebhookDispatcher.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton(WebhookTargets.From(config));
        services.AddSingleton<SandboxTraffic>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<IWebhookSink>(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.TryAddSingleton(sp => new SandboxRandom(sp.GetRequiredService<IOptions<SandboxOptions>>().Value.RandomSeed));
        services.AddSingleton<SandboxRateLimiter>();
        services.AddSingleton<SandboxApiFilter>();
        services.AddSingleton<SandboxCallCounter>();
        services.AddSingleton<Mercury.MercuryHub>();
        services.AddSingleton<IDeviceEventSink>(sp => sp.GetRequiredService<Mercury.MercuryHub>());
        services.AddSingleton(sp => new SandboxState(seed, dataDir, options.Reset, adminToken, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IWebhookSink>(),
            sp.GetRequiredService<IDeviceEventSink>()));
        services.AddSingleton<ISandboxAccess>(sp => new SandboxAccess(sp.GetRequiredService<SandboxState>(), sp.GetRequiredService<SandboxCallCounter>()));
        SandboxLicensingFacts.Register(services);
    }

    /// <summary>Maps <c>/sandbox/webex/v1/**</c>, <c>/sandbox/inspect/**</c>, <c>/sandbox/identities</c> and the event-socket services (catalog, devices, sockets); opens the saved state now, so a broken one fails the start.</summary>
    public static void MapWebexSandbox(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var state = app.Services.GetRequiredService<SandboxState>();

        TrafficEndpoints.UseLicensePatchRecorder(app);
        var api = app.MapGroup(ApiBasePath).AddEndpointFilter<SandboxApiFilter>();
        PeopleEndpoints.Map(api);
        LicenseEndpoints.Map(api);
        MessagingEndpoints.Map(api);
        WebhookEndpoints.Map(api);
        ContentEndpoints.Map(api);
        // Webex serves the identity APIs beside /v1 (https://webexapis.com/identity/...), not under it.
        IdentityEndpoints.Map(app.MapGroup(ApiBasePath[..ApiBasePath.LastIndexOf('/')]).AddEndpointFilter<SandboxApiFilter>());
        app.UseWebSockets();
        DeviceEndpoints.MapCatalog(app.MapGroup(CatalogPath[..CatalogPath.LastIndexOf('/')]).AddEndpointFilter<SandboxApiFilter>());
        DeviceEndpoints.MapDevices(app.MapGroup(WdmPath).AddEndpointFilter<SandboxApiFilter>());
        DeviceEndpoints.MapSocket(app);
        DeviceEndpoints.MapControl(app.MapGroup(SocketControlPath).AddEndpointFilter<SandboxApiFilter>());
        var inspect = app.MapGroup(InspectPath).AddEndpointFilter<SandboxApiFilter>();
        InspectEndpoints.MapInspect(inspect);
        TrafficEndpoints.Map(inspect);
        InspectEndpoints.MapIdentities(app);

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "(unknown address)";
            app.Logger.LogInformation(
                "Sandbox: simulated Webex org {OrgName} ({OrgId}) from {Seed}, API at {Address}{ApiBase}, data in {DataDir}{Fresh}",
                state.OrgName, state.OrgId, SeedSourceName(app), address, ApiBasePath, state.DataDirectory, state.Fresh ? " (fresh start)" : " (resumed)");
        });
    }

    private static string SeedSourceName(WebApplication app) =>
        app.Configuration[$"{SandboxOptions.Section}:SeedFile"] is { Length: > 0 } f ? f : SeedLoader.BuiltInSource;
}
