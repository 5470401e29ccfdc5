using LicenseBot.Host.Composition;

namespace LicenseBot.Host.Endpoints;

/// <summary><c>GET /healthz</c>: 200 once the webhooks are registered (Webex can reach the bot), 503 while starting.</summary>
public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (BotReadiness readiness) => readiness.WebhooksRegistered
            ? Results.Json(new { status = "ok", webhooks = "registered" })
            : Results.Json(new { status = "starting", webhooks = "pending" }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .ExcludeFromDescription();
        return app;
    }
}
