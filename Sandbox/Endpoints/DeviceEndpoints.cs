using LicenseBot.Sandbox.Mercury;
using Microsoft.Extensions.Options;

namespace LicenseBot.Sandbox.Endpoints;

/// <summary>
/// What a client needs to listen without a webhook, as Webex offers it: the service catalog
/// (<c>GET /sandbox/u2c/api/v1/catalog?format=hostmap</c>), the device service (<c>/sandbox/wdm/api/v1/devices</c>:
/// list, register with a per-identity limit, refresh, delete) and each device's event socket
/// (<c>/sandbox/mercury/v1/apps/wx2/registrations/{id}/messages</c>); plus, sandbox only, <c>/sandbox/socket</c> to look at
/// the sockets and to drop them on purpose.
/// </summary>
internal static class DeviceEndpoints
{
    /// <summary>The cluster the sandbox claims to be: Webex's original US cluster, whose REST ids say "us".</summary>
    public const string Cluster = "urn:TEAM:us-east-2_a";

    public static void MapCatalog(RouteGroupBuilder u2c)
    {
        u2c.MapGet("/catalog", (HttpContext ctx) =>
        {
            var host = Host(ctx.Request);
            var entry = new[] { new { host = ctx.Request.Host.Value, ttl = -1, priority = 5, id = Cluster + ":conversation" } };
            return SandboxHttp.Json(new
            {
                serviceLinks = new Dictionary<string, string>
                {
                    ["wdm"] = host + SandboxHosting.WdmPath,
                    ["hydra"] = host + SandboxHosting.ApiBasePath,
                    ["conversation"] = host + SandboxHosting.ConversationPath,
                },
                hostCatalog = new Dictionary<string, object> { [ctx.Request.Host.Host] = entry },
                format = "hostmap",
            });
        });
    }

    public static void MapDevices(RouteGroupBuilder wdm)
    {
        wdm.MapGet("/devices", (HttpContext ctx, SandboxState state) =>
            SandboxHttp.Json(new { devices = state.ListDevices(SandboxHttp.Caller(ctx)).Select(d => Device(ctx.Request, d)).ToList() }));

        wdm.MapPost("/devices", async (HttpContext ctx, SandboxState state, IOptions<SandboxOptions> options) =>
        {
            var request = await SandboxHttp.ReadJsonAsync<DeviceRequest>(ctx).ConfigureAwait(false);
            return SandboxHttp.Json(Device(ctx.Request, state.RegisterDevice(SandboxHttp.Caller(ctx), request, options.Value.DeviceLimit)));
        });

        wdm.MapGet("/devices/{deviceId}", (HttpContext ctx, string deviceId, SandboxState state) =>
            SandboxHttp.Json(Device(ctx.Request, state.GetDevice(SandboxHttp.Caller(ctx), deviceId))));

        wdm.MapPut("/devices/{deviceId}", async (HttpContext ctx, string deviceId, SandboxState state) =>
        {
            var request = await SandboxHttp.ReadJsonAsync<DeviceRequest>(ctx).ConfigureAwait(false);
            return SandboxHttp.Json(Device(ctx.Request, state.RefreshDevice(SandboxHttp.Caller(ctx), deviceId, request)));
        });

        wdm.MapDelete("/devices/{deviceId}", (HttpContext ctx, string deviceId, SandboxState state) =>
        {
            state.DeleteDevice(SandboxHttp.Caller(ctx), deviceId);
            return Results.NoContent();
        });
    }

    /// <summary>The event socket: 404 before the upgrade when the device is unknown, 503 once when told to refuse a reconnect.</summary>
    public static void MapSocket(IEndpointRouteBuilder app)
    {
        app.Map(SandboxHosting.MercuryPath + "/{deviceId}/messages", async (HttpContext ctx, string deviceId, SandboxState state, MercuryHub hub) =>
        {
            if (state.FindDevice(deviceId) is not { } device) return SandboxHttp.Error(ctx, 404, $"Device {deviceId} is not registered.", 404, "Not found");
            if (!ctx.WebSockets.IsWebSocketRequest) return SandboxHttp.Error(ctx, 400, "Expected a websocket upgrade.", 400, "Bad request");
            if (hub.RefuseHandshake() is { } refused)
            {
                return refused == 404
                    ? SandboxHttp.Error(ctx, 404, $"No registration {deviceId} (Sandbox: a stale device, on purpose).", 404, "Not found")
                    : SandboxHttp.Error(ctx, refused, "Service unavailable, try again (Sandbox: refused one reconnect).", refused, "Refused once on purpose.");
            }
            using var socket = await ctx.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            await hub.RunAsync(socket, device, state, Host(ctx.Request) + SandboxHosting.ConversationPath, ctx.RequestAborted).ConfigureAwait(false);
            return Results.Empty;
        }).ExcludeFromDescription();
    }

    /// <summary><c>GET /sandbox/socket</c>: per device, connected or not and what was delivered, acknowledged, sent again, dropped.
    /// <c>POST /sandbox/socket/drop?refuseNext=true&amp;status=404</c>: drops every connection now (and refuses the next handshake once, 503 unless told).</summary>
    public static void MapControl(RouteGroupBuilder control)
    {
        control.MapGet("", (MercuryHub hub) => SandboxHttp.Json(hub.Describe()));
        control.MapPost("/drop", (HttpContext ctx, MercuryHub hub) =>
            SandboxHttp.Json(new { dropped = hub.Drop(SandboxHttp.Flag(ctx.Request, "refuseNext"), int.TryParse(ctx.Request.Query["status"], out var s) && s is >= 400 and < 600 ? s : 503) }));
    }

    private static string Host(HttpRequest r) => $"{r.Scheme}://{r.Host}{r.PathBase}";

    private static object Device(HttpRequest r, SimDevice d)
    {
        var host = Host(r);
        var socketHost = (r.Scheme == "https" ? "wss" : "ws") + $"://{r.Host}{r.PathBase}";
        return new
        {
            url = $"{host}{SandboxHosting.WdmPath}/devices/{d.Id}",
            webSocketUrl = $"{socketHost}{SandboxHosting.MercuryPath}/{d.Id}/messages",
            name = d.Name, deviceName = d.DeviceName, deviceType = d.DeviceType, model = d.Model, localizedModel = d.LocalizedModel,
            systemName = d.SystemName, systemVersion = d.SystemVersion,
            userId = SandboxState.PersonUuid(d.OwnerId),
            creationTime = d.Created, modificationTime = d.Modified,
        };
    }
}
