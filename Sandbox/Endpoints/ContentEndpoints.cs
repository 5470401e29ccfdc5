namespace LicenseBot.Sandbox.Endpoints;

/// <summary><c>GET /contents/{id}</c>: the file streamed from disk, for members of the room it was posted in.</summary>
internal static class ContentEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/contents/{contentId}", (HttpContext ctx, string contentId, SandboxState state) =>
        {
            var content = state.GetContent(SandboxHttp.Caller(ctx), contentId);
            var path = state.FilePath(content.Id);
            if (!File.Exists(path)) throw SandboxApiException.NotFound($"content {contentId}");
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var safeName = content.FileName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
            ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{safeName}\"";
            return Results.Stream(stream, content.ContentType);
        });
    }
}
