namespace LicenseBot.Sandbox.Endpoints;

/// <summary>
/// The two Webex identity reads the bot uses to learn a person's language: the SCIM user
/// (<c>GET /identity/scim/{orgId}/v2/Users/{userId}</c>, its <c>preferredLanguage</c>) and the org
/// (<c>GET /identity/organizations/{orgId}</c>, its default <c>preferredLanguage</c>). Webex asks for the
/// <c>identity:people_read</c> / <c>identity:organizations_read</c> scopes; the sandbox lets a full admin's token
/// (and the admin token) read them and refuses the bot's token with 403, as a bot token lacks those scopes.
/// </summary>
internal static class IdentityEndpoints
{
    private const string ScimUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string OrgSchema = "urn:cisco:codev:identity:organization:core:1.0";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/identity/scim/{orgId}/v2/Users/{userId}", (HttpContext ctx, string orgId, string userId, SandboxState state) =>
        {
            RequireAdmin(ctx, state, orgId);
            // Webex's identity API names people and orgs by the UUID inside their REST id; the REST id itself is taken too.
            var person = state.FindPerson(userId) ?? state.FindPersonByUuid(userId);
            if (person is null || person.IsBot || person.External) throw SandboxApiException.NotFound($"user {userId}");
            return SandboxHttp.Json(new
            {
                schemas = new[] { ScimUserSchema },
                id = Mercury.SandboxIds.Uuid(person.Id),
                userName = person.Email,
                displayName = person.DisplayName,
                active = person.Status == "active",
                preferredLanguage = person.PreferredLanguage,
            });
        });

        api.MapGet("/identity/organizations/{orgId}", (HttpContext ctx, string orgId, SandboxState state) =>
        {
            RequireAdmin(ctx, state, orgId);
            return SandboxHttp.Json(new
            {
                schemas = new[] { OrgSchema },
                id = Mercury.SandboxIds.Uuid(state.OrgId),
                displayName = state.OrgName,
                preferredLanguage = state.OrgPreferredLanguage,
            });
        });
    }

    private static void RequireAdmin(HttpContext ctx, SandboxState state, string orgId)
    {
        if (!SandboxHttp.Caller(ctx).IsFullAdmin) throw SandboxApiException.Forbidden("The token lacks the identity scopes (identity:people_read, identity:organizations_read).");
        if (!string.Equals(orgId, state.OrgId, StringComparison.Ordinal) && !string.Equals(orgId, Mercury.SandboxIds.Uuid(state.OrgId), StringComparison.OrdinalIgnoreCase)) throw SandboxApiException.NotFound($"organization {orgId}");
    }
}
