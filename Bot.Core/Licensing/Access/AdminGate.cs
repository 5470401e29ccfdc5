using System.Collections.Concurrent;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Licensing.Access;

public enum AdminVerdict
{
    /// <summary>A full administrator of the org (roles read with the admin token).</summary>
    FullAdmin,

    /// <summary>Listed in <c>Bot:AllowedAdmins</c>.</summary>
    AllowedByConfig,

    /// <summary>Not an admin: licence commands are refused.</summary>
    NotAdmin,

    /// <summary>Webex could not say (the role check failed): refused, with the reason.</summary>
    Unknown,
}

/// <summary>Who may use the licence commands: full admins, checked live and cached briefly, or <c>Bot:AllowedAdmins</c>.</summary>
public interface IAdminGate
{
    Task<AdminVerdict> CheckAsync(string personId, string? email, CancellationToken ct);
}

/// <inheritdoc />
public sealed class AdminGate(
    IWebexAdmin admin,
    IOptionsMonitor<BotOptions> bot,
    IOptionsMonitor<AdminAccessOptions> options,
    TimeProvider time,
    ILogger<AdminGate> logger) : IAdminGate
{
    private readonly ConcurrentDictionary<string, (bool IsAdmin, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<AdminVerdict> CheckAsync(string personId, string? email, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        if (bot.CurrentValue.AllowedAdmins.Any(a => a.Equals(personId, StringComparison.Ordinal) || (email is not null && a.Equals(email, StringComparison.OrdinalIgnoreCase))))
            return AdminVerdict.AllowedByConfig;

        var now = time.GetUtcNow();
        if (_cache.TryGetValue(personId, out var cached) && cached.Until > now)
            return cached.IsAdmin ? AdminVerdict.FullAdmin : AdminVerdict.NotAdmin;

        try
        {
            var person = await admin.GetPersonAsync(personId, callingData: false, ct);
            var isAdmin = AdminRoles.IsFullAdmin(person?.Roles);
            _cache[personId] = (isAdmin, now + settings.AdminCacheTtl);
            return isAdmin ? AdminVerdict.FullAdmin : AdminVerdict.NotAdmin;
        }
        catch (WebexApiException ex)
        {
            logger.LogWarning("Role check for {PersonId} failed: {Status} (tracking id {TrackingId})", personId, (int)ex.Status, ex.TrackingId);
            return AdminVerdict.Unknown;
        }
    }
}
