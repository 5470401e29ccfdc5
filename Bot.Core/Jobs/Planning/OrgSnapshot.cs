using LicenseBot.Core.Licensing.Model;

namespace LicenseBot.Core.Jobs.Planning;

/// <summary>A user of the snapshot, with the name parts an export shows.</summary>
public sealed record SnapshotUser(LicensedUser User, string? FirstName, string? LastName, string? Status);

/// <summary>
/// The org as a bulk plan sees it at one moment: licences (with subscription state and units) and every user with
/// their licences and calling data, found by e-mail without regard to case.
/// </summary>
public sealed class OrgSnapshot
{
    private readonly Dictionary<string, SnapshotUser> _byEmail;

    public OrgSnapshot(OrgLicences org, IReadOnlyList<SnapshotUser> users)
    {
        Org = org;
        Users = users;
        _byEmail = new Dictionary<string, SnapshotUser>(users.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var user in users) _byEmail.TryAdd(user.User.Email, user);
    }

    public OrgLicences Org { get; }
    public IReadOnlyList<SnapshotUser> Users { get; }

    public LicensedUser? Find(string email) => _byEmail.GetValueOrDefault(email)?.User;
}
