using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Audit;
using LicenseBot.Core.Features.Bulk;
using LicenseBot.Core.Features.Edit;
using LicenseBot.Core.Features.Help;
using LicenseBot.Core.Features.Jobs;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Features.Repair;
using LicenseBot.Core.Features.Reset;
using LicenseBot.Core.Journal;
using LicenseBot.Core.Features.Language;
using LicenseBot.Core.Features.Undo;
using LicenseBot.Core.Inbox;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Websocket;
using LicenseBot.Host.Endpoints;
using LicenseBot.Host.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LicenseBot.Host.Composition;

/// <summary>The bot's services and endpoints; Program.cs stays a few lines.</summary>
public static class LicenseBotHosting
{
    /// <summary>
    /// Options, storage, Webex clients, conversation, flows. In <paramref name="sandbox"/> mode the clients talk to the
    /// simulator in this process (its address is read when the first call is made) with the simulator's tokens, and the
    /// database lives in the sandbox data folder; otherwise Webex settings are validated at start.
    /// </summary>
    public static WebApplicationBuilder AddLicenseBot(this WebApplicationBuilder builder, bool sandbox)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        // Every section is checked once, at start (data annotations on the options classes): a wrong value stops the host
        // with a message naming the setting, not a failure on first use.
        services.AddOptions<StorageOptions>().Bind(config.GetSection(StorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BotOptions>().Bind(config.GetSection(BotOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebexOptions>().Bind(config.GetSection(WebexOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        if (!sandbox)
        {
            services.AddSingleton<IValidateOptions<WebexOptions>, WebexProductionValidation>();
        }

        var contentRoot = builder.Environment.ContentRootPath;
        services.AddBotStorage((sp, path) => sandbox
            ? Path.Combine(sp.GetRequiredService<ISandboxMode>().DataDirectory, "licensebot.db")
            : Path.GetFullPath(path, contentRoot));

        if (sandbox)
        {
            services.TryAddSingleton<IWebexApiBase>(sp => new DelegateWebexApiBase(() => ServerAddress.Get(sp) + sp.GetRequiredService<ISandboxMode>().ApiBasePath));
        }
        services.AddWebexClients();
        if (sandbox)
        {
            services.AddKeyedSingleton<IWebexTokenProvider>(WebexTokenRole.Bot, (sp, _) =>
                new StaticTokenProvider(() => sp.GetRequiredService<ISandboxMode>().BotToken, "sandbox bot token"));
            services.AddKeyedSingleton<IWebexTokenProvider>(WebexTokenRole.Admin, (sp, _) =>
                new StaticTokenProvider(() => sp.GetRequiredService<ISandboxMode>().AdminToken, "sandbox admin token"));
        }

        services.AddBotConversation();
        services.AddBotLanguages();
        services.AddLicensing(config);
        // The features, one Add… each (Bot.Core/Features/<feature>).
        services.AddHelp();
        services.AddLicences();
        services.AddEdit();
        services.AddAudit();
        services.AddJobs(config);
        services.AddBulk();
        services.AddUndo();
        services.AddExternalReset(config);
        services.AddRepair(config);

        services.AddSingleton<BotReadiness>();
        services.AddBotHealthChecks(config);
        services.AddEventInbox(config);
        services.AddSingleton<WebexEventIntake>();
        // Both transports hand events to the one intake (the inbox benchmark registers the old queue here first to compare).
        services.TryAddSingleton<IWebexEventSink>(sp => sp.GetRequiredService<WebexEventIntake>());
        if (TransportOf(config) == WebexTransport.Websocket)
        {
            if (sandbox)
            {
                services.TryAddSingleton<IWebexCatalogAddress>(sp => new DelegateCatalogAddress(() => ServerAddress.Get(sp) + sp.GetRequiredService<ISandboxMode>().CatalogPath));
            }
            services.AddWebexWebsocket(config);
            services.TryAddSingleton<IDeviceStore, StoredDeviceStore>();
            services.AddHostedService<WebsocketListenerService>();
        }
        else
        {
            services.AddHostedService<WebhookRegistrationService>();
        }
        return builder;
    }

    public static WebApplication MapLicenseBot(this WebApplication app)
    {
        app.MapWebexEvents();
        app.MapBotHealth();
        app.MapHealth();
        return app;
    }

    /// <summary><c>Webex:Transport</c>; a value that is neither <c>Webhook</c> nor <c>Websocket</c> stops the start with a clear message.</summary>
    public static WebexTransport TransportOf(IConfiguration config)
    {
        var value = config[$"{WebexOptions.Section}:{nameof(WebexOptions.Transport)}"];
        if (string.IsNullOrWhiteSpace(value)) return WebexTransport.Webhook;
        return Enum.TryParse<WebexTransport>(value, ignoreCase: true, out var transport) && Enum.IsDefined(transport)
            ? transport
            : throw new InvalidOperationException($"Webex:Transport must be Webhook or Websocket, not '{value}'.");
    }

    internal static List<string> ProductionProblems(WebexOptions o)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(o.BotToken)) problems.Add("Webex:BotToken is required (or run without it for sandbox mode).");
        if (o.Transport == WebexTransport.Webhook && (!Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")))
            problems.Add("Webex:PublicUrl must be the bot's public https address, e.g. https://licensebot.example.com (or set Webex:Transport=Websocket: no public address needed).");
        if (string.IsNullOrWhiteSpace(o.AdminToken) && !o.HasAdminRefresh)
            problems.Add("Set Webex:AdminToken (service app) or Webex:ClientId, Webex:ClientSecret and Webex:RefreshToken (admin integration).");
        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out _)) problems.Add("Webex:ApiBaseUrl must be an absolute URL.");
        return problems;
    }

    private sealed class WebexProductionValidation : IValidateOptions<WebexOptions>
    {
        public ValidateOptionsResult Validate(string? name, WebexOptions options) =>
            ProductionProblems(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
