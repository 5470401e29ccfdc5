using System.Text.Json;

namespace LicenseBot.Sandbox.Endpoints;

/// <summary>
/// <c>GET /sandbox/inspect/traffic</c> (any valid token): the licence changes received and the webhook delivery attempts
/// made (<see cref="SandboxTraffic"/>), so a test can count, say, PATCHes per person or deliveries per bot instance.
/// </summary>
internal static class TrafficEndpoints
{
    private const string LicensePatchPath = SandboxHosting.ApiBasePath + "/licenses/users";

    /// <summary>Records each <c>PATCH /licenses/users</c> with the person it named and the status it was answered with.</summary>
    public static void UseLicensePatchRecorder(WebApplication app) => app.Use(async (ctx, next) =>
    {
        if (!HttpMethods.IsPatch(ctx.Request.Method) || !string.Equals(ctx.Request.Path.Value, LicensePatchPath, StringComparison.Ordinal))
        {
            await next(ctx).ConfigureAwait(false);
            return;
        }

        ctx.Request.EnableBuffering();
        string? personId = null;
        try
        {
            using var doc = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted).ConfigureAwait(false);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("personId", out var id) && id.ValueKind == JsonValueKind.String)
            {
                personId = id.GetString();
            }
        }
        catch (JsonException)
        {
            // The endpoint answers the broken body; the record has no person.
        }
        ctx.Request.Body.Position = 0;
        await next(ctx).ConfigureAwait(false);
        ctx.RequestServices.GetRequiredService<SandboxTraffic>().LicensePatch(personId, ctx.Response.StatusCode);
    });

    public static void Map(RouteGroupBuilder inspect)
    {
        inspect.MapGet("/traffic", (SandboxTraffic traffic) => Results.Json(new
        {
            licensePatches = traffic.LicensePatches.Select(p => new { personId = p.PersonId, status = p.Status, at = p.At }),
            deliveries = traffic.Deliveries.Select(d => new
            {
                webhookId = d.WebhookId, resource = d.Resource, dataId = d.DataId, target = d.Target, attempt = d.Attempt, status = d.Status, error = d.Error, at = d.At,
            }),
        }));
    }
}
