using LicenseBot.Core.Conversation;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Licensing.Access;

public enum AdminVerdict
{
    /// <summary>A full administrator of the org this bot manages (roles and org read with the admin token).</summary>
    FullAdmin,

    /// <summary>Listed in <c>Bot:AllowedAdmins</c> (by person id or e-mail).</summary>
    AllowedByConfig,

    /// <summary>A person of this org without the full-admin role: licence commands are refused.</summary>
    NotAdmin,

    /// <summary>A person of another org (a guest), whatever roles Webex reports for them: refused.</summary>
    OtherOrg,

    /// <summary>Webex could not say (the check failed): refused, with the reason.</summary>
    Unknown,
}

/// <summary>
/// Who may use the licence commands and click their cards: full admins <em>of the org this bot manages</em> (the person's
/// <c>orgId</c> must be <see cref="ManagedOrg"/>'s, so an administrator of a partner's org in the admins' space is refused),
/// checked live and cached briefly, or the people in <c>Bot:AllowedAdmins</c>.
/// </summary>
public interface IAdminGate
{
    /// <summary><paramref name="email"/> as the event said it (message events carry it; card submits do not), or null.</summary>
    Task<AdminVerdict> CheckAsync(string personId, string? email, CancellationToken ct);
}

/// <inheritdoc />
public sealed class AdminGate(
    IWebexAdmin admin,
    ManagedOrg org,
    IOptionsMonitor<BotOptions> bot,
    IOptionsMonitor<AdminAccessOptions> options,
    TimeProvider time,
    IMemoryCache cache,
    ILogger<AdminGate> logger) : IAdminGate
{
    /// <summary>A verdict and until when it is trusted (by <see cref="TimeProvider"/>; the memory cache evicts it after that too).</summary>
    private sealed record Cached(AdminVerdict Verdict, DateTimeOffset Until);

    public async Task<AdminVerdict> CheckAsync(string personId, string? email, CancellationToken ct)
    {
        var allowed = bot.CurrentValue.AllowedAdmins;
        if (IsListed(allowed, personId, email is null ? [] : [email])) return AdminVerdict.AllowedByConfig;

        var now = time.GetUtcNow();
        var key = "admin-verdict:" + personId;
        if (cache.TryGetValue(key, out Cached? cached) && cached!.Until > now) return cached.Verdict;

        try
        {
            var person = await admin.GetPersonAsync(personId, callingData: false, ct);
            var verdict = person is null ? AdminVerdict.NotAdmin
                : IsListed(allowed, personId, person.Emails) ? AdminVerdict.AllowedByConfig
                : !string.Equals(person.OrgId, await org.GetIdAsync(ct), StringComparison.Ordinal) ? AdminVerdict.OtherOrg
                : AdminRoles.IsFullAdmin(person.Roles) ? AdminVerdict.FullAdmin
                : AdminVerdict.NotAdmin;
            var ttl = options.CurrentValue.AdminCacheTtl;
            if (ttl > TimeSpan.Zero) cache.Set(key, new Cached(verdict, now + ttl), ttl);
            return verdict;
        }
        catch (WebexApiException ex)
        {
            logger.LogWarning("Role check for {PersonId} failed: {Status} (tracking id {TrackingId})", personId, (int)ex.Status, ex.TrackingId);
            return AdminVerdict.Unknown;
        }
        catch (InvalidOperationException ex)
        {
            logger.LogWarning("Role check for {PersonId} failed: {Reason}", personId, ex.Message);
            return AdminVerdict.Unknown;
        }
    }

    private static bool IsListed(IEnumerable<string> allowed, string personId, IReadOnlyList<string> emails) =>
        allowed.Any(a => a.Equals(personId, StringComparison.Ordinal) || emails.Any(e => a.Equals(e, StringComparison.OrdinalIgnoreCase)));
}
