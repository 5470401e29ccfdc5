using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Options;

namespace LicenseBot.Sandbox.Endpoints;

/// <summary><c>GET /licenses</c>, <c>GET /licenses/{id}</c> (with assignees) and <c>PATCH /licenses/users</c>; full admins only.</summary>
internal static class LicenseEndpoints
{
    public const int MaxUsersPerPage = 300;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/licenses", (HttpContext ctx, SandboxState state) =>
        {
            RequireAdmin(ctx);
            return SandboxHttp.Json(new { items = state.ListLicenses().Select(l => SandboxMapper.License(l.License, l.Consumed)).ToList() });
        });

        api.MapGet("/licenses/{licenseId}", (HttpContext ctx, string licenseId, SandboxState state) =>
        {
            RequireAdmin(ctx);
            var (license, consumed) = state.GetLicense(licenseId) ?? throw SandboxApiException.NotFound($"license {licenseId}");
            IReadOnlyList<WebexLicenseUser>? users = null;
            if (string.Equals(ctx.Request.Query["includeAssignedTo"], "user", StringComparison.OrdinalIgnoreCase))
            {
                var limitRaw = ctx.Request.Query["limit"].ToString();
                var limit = MaxUsersPerPage;
                if (limitRaw.Length > 0 && (!int.TryParse(limitRaw, out limit) || limit < 1)) throw SandboxApiException.BadRequest("limit must be a positive number.");
                limit = Math.Min(limit, MaxUsersPerPage);
                users = SandboxHttp.PageAfter(ctx, state.LicenseHolders(licenseId), limit, "next", p => p.Id).Select(SandboxMapper.LicenseUser).ToList();
            }

            return SandboxHttp.Json(SandboxMapper.License(license, consumed, users));
        });

        api.MapPatch("/licenses/users", async (HttpContext ctx, SandboxState state, SandboxRandom random, IOptions<SandboxOptions> options) =>
        {
            var caller = SandboxHttp.Caller(ctx);
            if (!caller.IsFullAdmin)
            {
                throw SandboxApiException.Forbidden(caller.IsBot ? "A bot token cannot change licences; use an admin token." : "Only a full administrator can change licences.");
            }

            var request = await SandboxHttp.ReadJsonAsync<LicensePatchRequest>(ctx).ConfigureAwait(false);
            var operations = (request.Licenses?.Count ?? 0) + (request.SiteUrls?.Count ?? 0);
            var partial = operations >= 2 && random.Chance(options.Value.PartialRate);
            var outcome = state.PatchLicenses(caller, request, partial);
            return SandboxHttp.Json(SandboxMapper.UserLicenses(state, outcome.Person), outcome.StatusCode);
        });
    }

    private static void RequireAdmin(HttpContext ctx)
    {
        if (!SandboxHttp.Caller(ctx).IsFullAdmin) throw SandboxApiException.Forbidden("Only a full administrator can read licences.");
    }
}
