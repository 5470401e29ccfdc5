using System.Text.Json;
using LicenseBot.Core.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LicenseBot.Host.Health;

/// <summary>
/// ASP.NET Core health checks. <c>/healthz/live</c>: the process answers (entries tagged <see cref="Live"/>).
/// <c>/healthz/ready</c> (and <c>/healthz</c>, as before): every entry tagged <see cref="Ready"/> — the database, the Webex
/// admin token, the webhooks, the job runner — each with its own status and reason, as JSON; 503 when one is unhealthy.
/// <para>Adding an entry is one line where the feature registers its services:
/// <c>services.AddHealthChecks().AddCheck&lt;MyCheck&gt;("my-thing", tags: [BotHealthChecks.Ready]);</c></para>
/// </summary>
public static class BotHealthChecks
{
    public const string Live = "live";
    public const string Ready = "ready";
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";
    public const string LegacyPath = "/healthz";

    public static IServiceCollection AddBotHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy("the process answers"), tags: [Live])
            .AddCheck<WebexAdminTokenHealthCheck>("webex-admin-token", tags: [Ready])
            .AddCheck<JobRunnerHealthCheck>("job-runner", tags: [Ready]);
        // How Webex events reach this host: the registered webhooks, or the event socket (Webex:Transport).
        if (LicenseBot.Host.Composition.LicenseBotHosting.TransportOf(configuration) == LicenseBot.Core.Webex.Websocket.WebexTransport.Websocket)
            checks.AddCheck<EventSocketHealthCheck>("event-socket", tags: [Ready]);
        else
            checks.AddCheck<WebhooksHealthCheck>("webhooks", tags: [Ready]);

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (storage.Provider == StorageProvider.Postgres)
        {
            // AspNetCore.HealthChecks.NpgSql: opens a connection and runs SELECT 1.
            checks.AddNpgSql(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.ConnectionString!,
                name: "database", tags: [Ready], timeout: TimeSpan.FromSeconds(5));
        }
        else
        {
            checks.AddCheck<SqliteHealthCheck>("database", tags: [Ready], timeout: TimeSpan.FromSeconds(5));
        }
        return services;
    }

    public static IEndpointRouteBuilder MapBotHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, Options(Live));
        app.MapHealthChecks(ReadyPath, Options(Ready));
        app.MapHealthChecks(LegacyPath, Options(Ready));
        return app;
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = WriteJsonAsync,
    };

    /// <summary><c>{"status":"Healthy","durationMs":3.1,"entries":{"database":{"status":"Healthy","description":"…","durationMs":1.2,"tags":["ready"]}}}</c>.</summary>
    private static Task WriteJsonAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            entries = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.GetType().Name,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                tags = e.Value.Tags,
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
