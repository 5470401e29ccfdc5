using System.Globalization;
using System.Text.Json;
using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Sandbox.Endpoints;

/// <summary>Rooms, memberships, messages (JSON and multipart) and attachment actions.</summary>
internal static class MessagingEndpoints
{
    private sealed record JsonMessageBody(
        string? RoomId, string? ParentId, string? ToPersonId, string? ToPersonEmail, string? Text, string? Markdown,
        List<string>? Files, List<JsonElement>? Attachments);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/rooms", (HttpContext ctx, SandboxState state) =>
        {
            var type = ctx.Request.Query["type"].ToString();
            var rooms = state.RoomsOf(SandboxHttp.Caller(ctx), type.Length == 0 ? null : type);
            var page = SandboxHttp.Page(ctx, rooms, SandboxHttp.Max(ctx.Request, 100, 1000));
            return SandboxHttp.Json(new { items = page.Select(SandboxMapper.Room).ToList() });
        });

        api.MapGet("/rooms/{roomId}", (HttpContext ctx, string roomId, SandboxState state) =>
            SandboxHttp.Json(SandboxMapper.Room(state.GetRoom(SandboxHttp.Caller(ctx), roomId))));

        api.MapGet("/memberships", (HttpContext ctx, SandboxState state) =>
        {
            var q = ctx.Request.Query;
            string? Opt(string name) => q[name].ToString() is { Length: > 0 } v ? v : null;
            var all = state.Memberships(SandboxHttp.Caller(ctx), Opt("roomId"), Opt("personId"), Opt("personEmail"));
            var page = SandboxHttp.Page(ctx, all, SandboxHttp.Max(ctx.Request, 100, 1000));
            return SandboxHttp.Json(new { items = page.Select(m => SandboxMapper.Membership(state, m.Room, m.Person)).ToList() });
        });

        api.MapPost("/messages", async (HttpContext ctx, SandboxState state) =>
        {
            var caller = SandboxHttp.Caller(ctx);
            SimMessage created;
            if (ctx.Request.HasFormContentType)
            {
                created = await MultipartMessage.CreateAsync(ctx, state, caller).ConfigureAwait(false);
            }
            else
            {
                var body = await SandboxHttp.ReadJsonAsync<JsonMessageBody>(ctx).ConfigureAwait(false);
                if (body.Files is { Count: > 0 }) throw SandboxApiException.BadRequest("The sandbox takes files as multipart/form-data uploads, not by URL.");
                created = state.CreateMessage(caller, new NewMessage(body.RoomId, body.ToPersonId, body.ToPersonEmail, body.ParentId, body.Text, body.Markdown, body.Attachments, null));
            }

            return SandboxHttp.Json(SandboxMapper.Message(state, created, SandboxHttp.ApiBase(ctx.Request)));
        });

        api.MapGet("/messages", (HttpContext ctx, SandboxState state) =>
        {
            var q = ctx.Request.Query;
            var roomId = q["roomId"].ToString();
            if (roomId.Length == 0) throw SandboxApiException.BadRequest("roomId is required.");
            var max = SandboxHttp.Max(ctx.Request, 50, 1000);
            DateTimeOffset? before = null;
            if (q["before"].ToString() is { Length: > 0 } b)
            {
                before = DateTimeOffset.TryParse(b, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : throw SandboxApiException.BadRequest("before must be an ISO 8601 time.");
            }

            string? Opt(string name) => q[name].ToString() is { Length: > 0 } v ? v : null;
            var list = state.ListMessages(SandboxHttp.Caller(ctx), roomId, max + 1, before, Opt("beforeMessage"), Opt("parentId"), Opt("mentionedPeople"));
            var page = list.Take(max).ToList();
            if (list.Count > max) SandboxHttp.SetNext(ctx, new Dictionary<string, string?> { ["beforeMessage"] = page[^1].Id, ["before"] = null });
            var apiBase = SandboxHttp.ApiBase(ctx.Request);
            return SandboxHttp.Json(new { items = page.Select(m => SandboxMapper.Message(state, m, apiBase)).ToList() });
        });

        api.MapGet("/messages/{messageId}", (HttpContext ctx, string messageId, SandboxState state) =>
            SandboxHttp.Json(SandboxMapper.Message(state, state.GetMessage(SandboxHttp.Caller(ctx), messageId), SandboxHttp.ApiBase(ctx.Request))));

        api.MapDelete("/messages/{messageId}", (HttpContext ctx, string messageId, SandboxState state) =>
        {
            state.DeleteMessage(SandboxHttp.Caller(ctx), messageId);
            return Results.NoContent();
        });

        api.MapPut("/messages/{messageId}", async (HttpContext ctx, string messageId, SandboxState state) =>
        {
            var update = await SandboxHttp.ReadJsonAsync<UpdateMessageRequest>(ctx).ConfigureAwait(false);
            var edited = state.UpdateMessage(SandboxHttp.Caller(ctx), messageId, update);
            return SandboxHttp.Json(SandboxMapper.Message(state, edited, SandboxHttp.ApiBase(ctx.Request)));
        });

        api.MapPost("/attachment/actions", async (HttpContext ctx, SandboxState state) =>
        {
            var request = await SandboxHttp.ReadJsonAsync<CreateAttachmentActionRequest>(ctx).ConfigureAwait(false);
            var action = state.CreateAttachmentAction(SandboxHttp.Caller(ctx), request);
            return SandboxHttp.Json(SandboxMapper.Action(action), StatusCodes.Status202Accepted);
        });

        api.MapGet("/attachment/actions/{id}", (HttpContext ctx, string id, SandboxState state) =>
            SandboxHttp.Json(SandboxMapper.Action(state.GetAttachmentAction(SandboxHttp.Caller(ctx), id))));
    }
}
