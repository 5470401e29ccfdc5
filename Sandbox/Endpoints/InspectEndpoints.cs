namespace LicenseBot.Sandbox.Endpoints;

/// <summary>Sandbox-only views: a person's full record (<c>/sandbox/inspect/people/{id}</c>) and the identity list for the dev console.</summary>
internal static class InspectEndpoints
{
    public static void MapInspect(RouteGroupBuilder inspect)
    {
        inspect.MapGet("/people/{personId}", (string personId, SandboxState state) =>
        {
            var p = state.FindPerson(personId) ?? throw SandboxApiException.NotFound($"person {personId}");
            return Results.Json(SandboxMapper.Inspect(state, p));
        });
    }

    /// <summary><c>GET /sandbox/identities?q=&amp;max=</c>: everyone with a token (the bot too), for picking who you are.</summary>
    public static void MapIdentities(IEndpointRouteBuilder app)
    {
        app.MapGet(SandboxHosting.IdentitiesPath, (HttpContext ctx, SandboxState state) =>
        {
            var q = ctx.Request.Query["q"].ToString();
            var max = int.TryParse(ctx.Request.Query["max"], out var m) && m > 0 ? Math.Min(m, 1000) : 100;
            var items = state.Identities()
                .Where(p => q.Length == 0 || (p.DisplayName ?? "").Contains(q, StringComparison.OrdinalIgnoreCase) || p.Email.Contains(q, StringComparison.OrdinalIgnoreCase))
                .Take(max)
                .Select(p => new { id = p.Id, email = p.Email, displayName = p.DisplayName, token = p.Token, isBot = p.IsBot, roles = p.Roles })
                .ToList();
            return Results.Json(new { items });
        });
    }
}
