using LicenseBot.Core.Webex;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Licensing.Access;

/// <summary>
/// The org this bot manages: <c>Licensing:OrgId</c> when set (e.g. a partner administrator's token that manages a customer
/// org), otherwise the <c>orgId</c> of whoever the admin token belongs to (<c>GET /people/me</c>), read once and kept.
/// </summary>
public sealed class ManagedOrg(IWebexAdmin admin, IOptions<LicensingOptions> options)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _id;

    /// <summary>The org id; throws <see cref="WebexApiException"/> when Webex cannot be asked, and asks again next time.</summary>
    public async Task<string> GetIdAsync(CancellationToken ct)
    {
        if (_id is { } known) return known;
        if (options.Value.OrgId is { Length: > 0 } configured) return _id = configured;
        await _lock.WaitAsync(ct);
        try
        {
            if (_id is { } read) return read;
            var me = await admin.GetMeAsync(ct);
            return _id = me.OrgId is { Length: > 0 } orgId
                ? orgId
                : throw new InvalidOperationException("Webex did not say which org the admin token belongs to (GET /people/me has no orgId); set Licensing:OrgId.");
        }
        finally
        {
            _lock.Release();
        }
    }
}
