using LicenseBot.Core.Licensing.Model;

namespace LicenseBot.Core.Features.Bulk.Planning;

/// <summary>A user of the snapshot, with the name parts an export shows.</summary>
public sealed record SnapshotUser(LicensedUser User, string? FirstName, string? LastName, string? Status);

/// <summary>
/// The org as a bulk plan sees it at one moment: licences (with subscription state and units) and every user with
/// their licences and calling data, found by e-mail without regard to case (the first of two addresses that differ
/// only in case wins).
/// </summary>
public sealed class OrgSnapshot
{
    private readonly Dictionary<string, int> _byEmail;
    private readonly LicensedUser[] _users;

    public OrgSnapshot(OrgLicences org, IReadOnlyList<SnapshotUser> users)
    {
        Org = org;
        Users = users;
        _users = new LicensedUser[users.Count];
        _byEmail = new Dictionary<string, int>(users.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < users.Count; i++)
        {
            _users[i] = users[i].User;
            _byEmail.TryAdd(_users[i].Email, i);
        }
    }

    public OrgLicences Org { get; }
    public IReadOnlyList<SnapshotUser> Users { get; }

    public LicensedUser? Find(string email) => _byEmail.TryGetValue(email, out var index) ? _users[index] : null;

    /// <summary>
    /// The user with this e-mail address, read straight from a buffer (no string per CSV row), and their number:
    /// 0 ≤ <paramref name="number"/> &lt; <see cref="UserCount"/>, the same for every spelling of the address.
    /// </summary>
    internal bool TryFind(ReadOnlySpan<char> email, out LicensedUser user, out int number)
    {
        if (_byEmail.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(email, out number))
        {
            user = _users[number];
            return true;
        }
        user = null!;
        return false;
    }

    internal int UserCount => _users.Length;
}
