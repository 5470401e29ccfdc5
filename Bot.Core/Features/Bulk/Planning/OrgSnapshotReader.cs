using LicenseBot.Core.Licensing;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Bulk.Planning;

/// <summary>
/// Reads the org for a bulk plan or an export with batched reads only: the licences, who holds each licence
/// (<c>includeAssignedTo=user</c>, paged), and the people with their calling data (paged) — never a call per user.
/// </summary>
public sealed class OrgSnapshotReader(ILicensingService licensing, IWebexAdmin admin, IOptions<LicensingOptions> options)
{
    public async Task<OrgSnapshot> ReadAsync(CancellationToken ct)
    {
        var org = await licensing.GetOrgAsync(ct);
        var held = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var licence in org.Licences)
        {
            await foreach (var user in admin.ListLicenseUsersAsync(licence.Id, ct))
            {
                if (!held.TryGetValue(user.Id, out var list)) held[user.Id] = list = [];
                list.Add(licence.Id);
            }
        }

        var users = new List<SnapshotUser>();
        await foreach (var person in admin.ListPeopleAsync(callingData: true, ct))
        {
            if (person.Type is "bot") continue;
            var user = UserMapper.ToUser(person, options.Value.OrgId, []);
            // The licence lists are the source of truth for who holds what (a people page may leave licences out).
            user = user with { LicenceIds = held.TryGetValue(person.Id, out var ids) ? ids : [] };
            users.Add(new SnapshotUser(user, person.FirstName, person.LastName, person.Status));
        }
        return new OrgSnapshot(org, users);
    }
}
