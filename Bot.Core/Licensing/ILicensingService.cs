using LicenseBot.Core.Licensing.Applying;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;

namespace LicenseBot.Core.Licensing;

/// <summary>
/// The licensing core: read the org and its users, plan a change against rules R1–R12, apply a confirmed plan.
/// Knows nothing of cards or conversations. Bad input and Webex failures on reads throw <see cref="LicensingException"/>.
/// </summary>
public interface ILicensingService
{
    Task<OrgLicences> GetOrgAsync(CancellationToken ct);

    /// <summary>The user with licences, status, roles and calling data; throws for a malformed or unknown address.</summary>
    Task<LicensedUser> GetUserAsync(string email, CancellationToken ct);

    /// <summary>Reads the user and the org, then plans <paramref name="request"/> against them.</summary>
    Task<ChangePlan> PlanAsync(ChangeRequest request, CancellationToken ct);

    /// <summary>Plans <paramref name="request"/> against a <paramref name="user"/> and <paramref name="org"/> the caller has just read (no second read).</summary>
    Task<ChangePlan> PlanAsync(ChangeRequest request, LicensedUser user, OrgLicences org, CancellationToken ct);

    /// <summary>
    /// Applies a confirmed, unblocked plan as ONE <c>PATCH /licenses/users</c>, after checking the user did not change
    /// since the plan; never retries; reads the user back and reports every operation that did not stick.
    /// </summary>
    Task<ApplyResult> ApplyAsync(ChangePlan plan, string approvedBy, CancellationToken ct);
}
