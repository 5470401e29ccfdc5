using LicenseBot.Core.Licensing.Access;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Core.Licensing;

/// <summary>A Webex person (read with calling data) as the licence flows see them.</summary>
internal static class UserMapper
{
    public static LicensedUser ToUser(WebexPerson person, string? ownOrgId, IReadOnlyList<string> siteAdminOf) => new(
        person.Id,
        person.PrimaryEmail,
        string.IsNullOrWhiteSpace(person.DisplayName) ? person.PrimaryEmail : person.DisplayName,
        Status(person),
        IsExternal: ownOrgId is not null && person.OrgId is not null && !string.Equals(person.OrgId, ownOrgId, StringComparison.Ordinal),
        AdminRoles.IsFullAdmin(person.Roles),
        person.Licenses ?? [],
        Calling(person),
        AttendeeSites(person),
        siteAdminOf);

    private static UserStatus Status(WebexPerson person) =>
        person.InvitePending == true ? UserStatus.Pending : person.Status?.ToLowerInvariant() switch
        {
            "active" => UserStatus.Active,
            "pending" => UserStatus.Pending,
            "inactive" or "disabled" => UserStatus.Inactive,
            _ => UserStatus.Other,
        };

    private static CallingData? Calling(WebexPerson person)
    {
        var data = new CallingData(Blank(person.LocationId), Blank(person.WorkPhoneNumber), Blank(person.Extension));
        return data.IsEmpty ? null : data;
    }

    /// <summary><c>siteUrls</c> entries look like <c>acme.webex.com#attendee</c>.</summary>
    private static List<string> AttendeeSites(WebexPerson person) =>
        (person.SiteUrls ?? [])
            .Select(s => s.Split('#', 2))
            .Where(p => p.Length == 2 && p[1].Equals("attendee", StringComparison.OrdinalIgnoreCase))
            .Select(p => p[0])
            .ToList();

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
