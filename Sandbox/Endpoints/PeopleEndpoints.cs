namespace LicenseBot.Sandbox.Endpoints;

/// <summary><c>GET /people/me</c>, <c>GET /people</c>, <c>GET /people/{id}</c>.</summary>
internal static class PeopleEndpoints
{
    /// <summary>List People's <c>id</c> parameter takes at most 85 ids.</summary>
    public const int MaxIds = 85;

    /// <summary>Webex: with <c>callingData=true</c> "max will not be more than 100"; with <c>locationId</c>, not more than 50.</summary>
    public const int MaxWithCallingData = 100;
    public const int MaxWithLocation = 50;

    /// <summary>No limit is documented without those; the sandbox's choice.</summary>
    public const int MaxOtherwise = 1000;

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
            // A larger max is not refused: the page is cut to the limit and the Link header leads on, as the spec words it.
            var max = SandboxHttp.Max(ctx.Request, 100,
                q["locationId"].ToString().Length > 0 ? MaxWithLocation : SandboxHttp.Flag(ctx.Request, "callingData") ? MaxWithCallingData : MaxOtherwise);
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
