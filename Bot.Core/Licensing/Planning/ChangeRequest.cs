using LicenseBot.Core.Licensing.Model;

namespace LicenseBot.Core.Licensing.Planning;

/// <summary>What an admin asked for one user. <c>RequestedBy</c> is the admin's person id (for the audit log).</summary>
public abstract record ChangeRequest(string Email, string RequestedBy);

/// <summary>
/// The edit dialog's answer: the complete licence set the user should hold, and the account type per meetings site
/// where the admin chose one (R4).
/// </summary>
public sealed record EditLicencesRequest(
    string Email,
    string RequestedBy,
    IReadOnlyList<string> Licences,
    IReadOnlyDictionary<string, MeetingAccountType> AccountTypes) : ChangeRequest(Email, RequestedBy);

/// <summary>"move bob@acme.test to X": X replaces the user's licence of the same service (and site) in one change.</summary>
public sealed record MoveLicenceRequest(string Email, string RequestedBy, string TargetLicenceId) : ChangeRequest(Email, RequestedBy);
