using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Sandbox.Endpoints;

/// <summary><c>GET/POST /webhooks</c>, <c>GET/PUT/DELETE /webhooks/{id}</c>: each identity manages its own.</summary>
internal static class WebhookEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/webhooks", (HttpContext ctx, SandboxState state) =>
        {
            var page = SandboxHttp.Page(ctx, state.ListWebhooks(SandboxHttp.Caller(ctx)), SandboxHttp.Max(ctx.Request, 100, 1000));
            return SandboxHttp.Json(new { items = page.Select(w => SandboxMapper.Webhook(state, w)).ToList() });
        });

        api.MapPost("/webhooks", async (HttpContext ctx, SandboxState state) =>
        {
            var request = await SandboxHttp.ReadJsonAsync<CreateWebhookRequest>(ctx).ConfigureAwait(false);
            return SandboxHttp.Json(SandboxMapper.Webhook(state, state.CreateWebhook(SandboxHttp.Caller(ctx), request)));
        });

        api.MapGet("/webhooks/{webhookId}", (HttpContext ctx, string webhookId, SandboxState state) =>
            SandboxHttp.Json(SandboxMapper.Webhook(state, state.GetWebhook(SandboxHttp.Caller(ctx), webhookId))));

        api.MapPut("/webhooks/{webhookId}", async (HttpContext ctx, string webhookId, SandboxState state) =>
        {
            var request = await SandboxHttp.ReadJsonAsync<UpdateWebhookRequest>(ctx).ConfigureAwait(false);
            return SandboxHttp.Json(SandboxMapper.Webhook(state, state.UpdateWebhook(SandboxHttp.Caller(ctx), webhookId, request)));
        });

        api.MapDelete("/webhooks/{webhookId}", (HttpContext ctx, string webhookId, SandboxState state) =>
        {
            state.DeleteWebhook(SandboxHttp.Caller(ctx), webhookId);
            return Results.NoContent();
        });
    }
}
