using LicenseBot.Core.Webex.Websocket;
using LicenseBot.Host.Composition;

namespace LicenseBot.Host.Endpoints;

/// <summary>
/// <c>GET /healthz/transport</c>: whether Webex events reach the bot. Webhook mode: 200 once the webhooks are registered, 503 while
/// starting. Websocket mode: 200 while the event socket is connected — <c>"status": "degraded"</c> with the time span
/// when an outage outlasted Webex's event buffer (events may be missing) — and 503 while connecting or reconnecting, or
/// after Webex replaced the connection.
/// </summary>
public static class HealthEndpoint
{
    /// <summary>The transport's own detail; <c>/healthz/ready</c> carries its verdict as the <c>events</c> entry.</summary>
    public const string SocketPath = "/healthz/transport";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet(SocketPath, (IServiceProvider services, BotReadiness readiness) =>
            services.GetService<WebsocketStatus>() is { } socket ? Websocket(socket.Snapshot) : Webhooks(readiness))
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Webhooks(BotReadiness readiness) => readiness.WebhooksRegistered
        ? Results.Json(new { status = "ok", transport = "webhook", webhooks = "registered" })
        : Results.Json(new { status = "starting", transport = "webhook", webhooks = "pending" }, statusCode: StatusCodes.Status503ServiceUnavailable);

    private static IResult Websocket(WebsocketSnapshot s)
    {
        var missed = s.MissedEvents is { } m ? new { from = m.From, to = m.To, note = "the event socket was down longer than Webex keeps events: commands sent in that time may never arrive" } : null;
        var body = new
        {
            status = s.State switch
            {
                WebsocketState.Connected => missed is null ? "ok" : "degraded",
                WebsocketState.Starting => "starting",
                WebsocketState.Reconnecting => "reconnecting",
                _ => "stopped",
            },
            transport = "websocket",
            socket = s.State.ToString().ToLowerInvariant(),
            since = s.Since,
            reconnects = s.Reconnects,
            lastCloseCode = s.LastCloseCode,
            lastError = s.LastError,
            events = s.Events,
            missedEvents = missed,
        };
        return Results.Json(body, statusCode: s.State == WebsocketState.Connected ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
