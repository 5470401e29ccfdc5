namespace LicenseBot.Sandbox.Endpoints;

/// <summary><c>GET /people/me</c>, <c>GET /people</c>, <c>GET /people/{id}</c>.</summary>
internal static class PeopleEndpoints
{
    /// <summary>List People's <c>id</c> parameter takes at most 85 ids.</summary>
    public const int MaxIds = 85;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/people/me", (HttpContext ctx, SandboxState state) =>
        {
            var caller = SandboxHttp.Caller(ctx);
            if (caller.Kind == SimIdentityKind.ServiceApp) return SandboxHttp.Json(SandboxMapper.ServiceApp(state, caller));
            var me = state.FindPerson(caller.PersonId) ?? throw SandboxApiException.NotFound("person me");
            return SandboxHttp.Json(SandboxMapper.Person(state, me, SandboxHttp.Flag(ctx.Request, "callingData")));
        });

        api.MapGet("/people", (HttpContext ctx, SandboxState state) =>
        {
            var caller = SandboxHttp.Caller(ctx);
            var q = ctx.Request.Query;
            var calling = SandboxHttp.Flag(ctx.Request, "callingData") && caller.IsFullAdmin;
            var max = SandboxHttp.Max(ctx.Request, 100, 1000);
            IReadOnlyList<SimPerson> found;
            var email = q["email"].ToString();
            var ids = q["id"].ToString();
            var byId = email.Length == 0 && ids.Length > 0;
            if (email.Length > 0)
            {
                found = state.FindPersonByEmail(email) is { OrgId: null } p ? [p] : []; // another org's people are not looked up by e-mail
            }
            else if (byId)
            {
                var list = ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (list.Length > MaxIds) throw SandboxApiException.BadRequest($"id accepts at most {MaxIds} person IDs.");
                found = list.Select(state.FindPerson).OfType<SimPerson>().ToList();
            }
            else
            {
                var displayName = q["displayName"].ToString();
                var locationId = q["locationId"].ToString();
                found = displayName.Length == 0 && locationId.Length == 0
                    ? state.ListPeople()
                    : state.ListPeople(p =>
                        (displayName.Length == 0 || (p.DisplayName ?? "").StartsWith(displayName, StringComparison.OrdinalIgnoreCase))
                        && (locationId.Length == 0 || p.Calling?.LocationId == locationId));
            }

            var page = SandboxHttp.Page(ctx, found, max);
            // As on Webex (List People): a list by id leaves out the admin fields (licences, roles) and presence (status).
            return SandboxHttp.Json(new { items = page.Select(p => byId ? SandboxMapper.PersonById(state, p, calling) : SandboxMapper.Person(state, p, calling)).ToList() });
        });

        api.MapGet("/people/{personId}", (HttpContext ctx, string personId, SandboxState state) =>
        {
            var caller = SandboxHttp.Caller(ctx);
            var p = state.FindPerson(personId) ?? throw SandboxApiException.NotFound($"person {personId}");
            return SandboxHttp.Json(SandboxMapper.Person(state, p, SandboxHttp.Flag(ctx.Request, "callingData") && caller.IsFullAdmin));
        });
    }
}
