using LicenseBot.Core.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LicenseBot.Host.Observability;

/// <summary>
/// OpenTelemetry for the bot's <see cref="Telemetry"/> source and meter, ASP.NET Core (the delivery's request span) and
/// HttpClient (each Webex call's HTTP span, query values redacted by the instrumentation). The OTLP exporter is added only
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set and reads the standard <c>OTEL_*</c> settings (protocol, headers,
/// <c>OTEL_SERVICE_NAME</c>, …); otherwise nothing leaves the process. In sandbox mode <c>/metrics</c> shows the figures.
/// </summary>
public static class TelemetryHosting
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddBotTelemetry(this WebApplicationBuilder builder, bool sandbox)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: "licensebot", serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.AddSource(Telemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz") && !http.Request.Path.StartsWithSegments(MetricsPath))
                    .AddHttpClientInstrumentation();
                if (otlp) tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Telemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (otlp) metrics.AddOtlpExporter();
            });
        if (sandbox) builder.Services.AddSingleton<MetricsView>();
        return builder;
    }

    /// <summary><c>GET /metrics</c> (sandbox only): the current figures of the bot's meter as JSON.</summary>
    public static IEndpointRouteBuilder MapMetricsView(this IEndpointRouteBuilder app)
    {
        app.MapGet(MetricsPath, (MetricsView view) => Results.Json(view.Snapshot(), MetricsView.JsonOptions)).ExcludeFromDescription();
        return app;
    }
}
