namespace LicenseBot.Core.Licensing.Facts;

/// <summary>
/// What rule R4 needs to know about meetings sites and is not in the licence API: whether a site offers
/// attendee accounts, and which sites a user administers.
/// </summary>
public interface IMeetingSiteFacts
{
    ValueTask<bool> AllowsAttendeeAccountsAsync(string siteUrl, CancellationToken ct);

    ValueTask<IReadOnlyList<string>> SitesAdministeredByAsync(string personId, string email, IReadOnlyList<string> roles, CancellationToken ct);
}
