using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;

namespace LicenseBot.Core.Licensing.Changes;

/// <summary>A licence added by a change; calling licences carry the user's own number, extension and location (Webex 400411).</summary>
public sealed record LicenceAdd(string LicenceId, string? LocationId = null, string? PhoneNumber = null, string? Extension = null)
{
    public bool HasProperties => LocationId is not null || PhoneNumber is not null || Extension is not null;

    /// <summary>
    /// Adding <paramref name="licence"/> to a user with <paramref name="calling"/>: every calling (and CX Essentials)
    /// licence added carries the user's calling data over — also when it replaces another one in a move (400411).
    /// </summary>
    public static LicenceAdd For(Licence licence, CallingData? calling) =>
        NeedsCallingProperties(licence) && calling is { } c ? new LicenceAdd(licence.Id, c.LocationId, c.PhoneNumber, c.Extension) : new LicenceAdd(licence.Id);

    public static bool NeedsCallingProperties(Licence licence) => licence.Kind.IsCalling || licence.Kind.IsCxEssentials;
}

/// <summary>
/// "This user: from these licences to those", as one atomic change. The user is named by person id, or — for a pending
/// external user being recreated (R8) — by e-mail. <see cref="LicenceChanges"/> turns it into the Webex PATCH.
/// </summary>
public sealed record LicenceChange(
    string? PersonId,
    string? Email,
    IReadOnlyList<LicenceAdd> Adds,
    IReadOnlyList<string> RemoveIds,
    IReadOnlyList<SiteAccountChange> SiteChanges)
{
    /// <summary>A change of the user with id <paramref name="personId"/>.</summary>
    public static LicenceChange OfPerson(string personId, IReadOnlyList<LicenceAdd> adds, IReadOnlyList<string> removeIds, IReadOnlyList<SiteAccountChange>? sites = null) =>
        new(personId, null, adds, removeIds, sites ?? []);

    /// <summary>A change of the user at <paramref name="email"/> (Webex creates a pending user when there is none).</summary>
    public static LicenceChange OfEmail(string email, IReadOnlyList<LicenceAdd> adds, IReadOnlyList<string> removeIds, IReadOnlyList<SiteAccountChange>? sites = null) =>
        new(null, email, adds, removeIds, sites ?? []);

    /// <summary>The change of a confirmed single-user plan, carrying the calling data the user holds now.</summary>
    public static LicenceChange OfPlan(ChangePlan plan, CallingData? calling) => OfPerson(
        plan.User.Id,
        plan.Added.Select(l => LicenceAdd.For(l, calling)).ToList(),
        plan.Removed.Select(l => l.Id).ToList(),
        plan.SiteChanges);

    public bool IsEmpty => Adds.Count == 0 && RemoveIds.Count == 0 && SiteChanges.Count == 0;
}
