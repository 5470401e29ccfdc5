using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using LicenseBot.Core.Webex.Websocket;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Webex;

public static class WebexServiceCollectionExtensions
{
    /// <summary>
    /// The Webex clients: <see cref="IWebexMessaging"/> with the bot token, <see cref="IWebexAdmin"/> with the admin token
    /// (static <c>Webex:AdminToken</c>, or refreshed from <c>Webex:ClientId/ClientSecret/RefreshToken</c>). Each named
    /// client has the resilience pipeline of <see cref="WebexResilience"/> and logs calls without headers or queries (<see cref="WebexCallLogHandler"/>).
    /// Replace a token provider by registering another keyed <see cref="IWebexTokenProvider"/> under
    /// <see cref="WebexTokenRole"/> after this call (the sandbox does).
    /// </summary>
    public static IServiceCollection AddWebexClients(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWebexApiBase, ConfiguredWebexApiBase>();
        services.AddKeyedSingleton<IWebexTokenProvider>(WebexTokenRole.Bot, (sp, _) =>
            new StaticTokenProvider(() => sp.GetRequiredService<IOptions<WebexOptions>>().Value.BotToken, "bot token (Webex:BotToken)"));
        services.AddKeyedSingleton<IWebexTokenProvider>(WebexTokenRole.Admin, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptions<WebexOptions>>();
            return string.IsNullOrWhiteSpace(options.Value.AdminToken) && options.Value.HasAdminRefresh
                ? ActivatorUtilities.CreateInstance<OAuthRefreshTokenProvider>(sp)
                : new StaticTokenProvider(() => options.Value.AdminToken, "admin token (Webex:AdminToken, or Webex:ClientId/ClientSecret/RefreshToken)");
        });

        services.TryAddSingleton<WebexPacer>();
        AddClient(services, WebexMessagingClient.HttpClientName, WebexTokenRole.Bot, paced: false);
        AddClient(services, WebexAdminClient.HttpClientName, WebexTokenRole.Admin, paced: true);
        services.AddHttpClient(OAuthRefreshTokenProvider.HttpClientName).RemoveAllLoggers(); // the form body holds secrets

        services.TryAddSingleton<IWebexMessaging, WebexMessagingClient>();
        services.TryAddSingleton<IWebexAdmin, WebexAdminClient>();
        return services;
    }

    internal static void AddClient(IServiceCollection services, string name, string tokenRole, bool paced = false)
    {
        var client = services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan) // the pipeline times out
            .RemoveAllLoggers();
        // Outer to inner: resilience (each retry passes through), the admin budget (every attempt, retries included, is
        // paced), then the token, so every attempt has a current one.
        client.AddResilienceHandler($"{name}-pipeline", (pipeline, context) =>
            WebexResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<WebexOptions>>().Value));
        if (paced) client.AddHttpMessageHandler(sp => new WebexPacingHandler(sp.GetRequiredService<WebexPacer>()));
        client.AddHttpMessageHandler(sp => new WebexAuthHandler(sp.GetRequiredKeyedService<IWebexTokenProvider>(tokenRole)));
        client.AddHttpMessageHandler(sp => new WebexCallLogHandler(sp.GetRequiredService<ILogger<WebexCallLogHandler>>()));
    }

    /// <summary>
    /// Websocket mode (<c>Webex:Transport=Websocket</c>): the service catalog and device clients (bot token), the device
    /// registry, the listener and its status. The catalog address can be replaced by registering another
    /// <see cref="IWebexCatalogAddress"/> first (the sandbox does).
    /// </summary>
    public static IServiceCollection AddWebexWebsocket(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<WebsocketOptions>().Bind(config.GetSection(WebsocketOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWebexCatalogAddress, ConfiguredCatalogAddress>();
        AddClient(services, DeviceServiceClient.HttpClientName, WebexTokenRole.Bot);
        services.TryAddSingleton<DeviceServiceClient>();
        services.TryAddSingleton<DeviceRegistry>();
        services.TryAddSingleton<WebsocketStatus>();
        services.TryAddSingleton<WebexSocketListener>();
        return services;
    }
}
