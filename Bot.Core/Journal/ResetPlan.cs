using System.Text.Json.Serialization;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Core.Licensing.Rules;

namespace LicenseBot.Core.Journal;

/// <summary>
/// A pending external user's reset (R8) exactly as the admin confirms it: step 1 removes every licence in
/// <see cref="Before"/> (by person id), step 2 adds every licence in <see cref="After"/> by e-mail, which invites the
/// user again. The rules (R1–R4, R7 and the others of a single-user change) are checked on <see cref="After"/> as if
/// the user held nothing, with the units step 1 frees counted as free.
/// </summary>
public sealed record ResetPlan(
    string PlanId,
    LicensedUser User,
    string RequestedBy,
    DateTimeOffset CreatedAt,
    IReadOnlyList<Licence> Before,
    IReadOnlyList<Licence> After,
    IReadOnlyList<string> AttendeeSites,
    IReadOnlyList<RuleFinding> Findings,
    IReadOnlyList<UnitsAfter> Units) : IJudgedChange
{
    /// <summary>Licences that come back after the reset that the user did not hold before.</summary>
    [JsonIgnore]
    public IReadOnlyList<Licence> Added => After.Where(a => Before.All(b => b.Id != a.Id)).ToList();

    /// <summary>Licences the user held that do not come back.</summary>
    [JsonIgnore]
    public IReadOnlyList<Licence> Dropped => Before.Where(b => After.All(a => a.Id != b.Id)).ToList();
}
