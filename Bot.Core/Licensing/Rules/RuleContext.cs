using LicenseBot.Core.Licensing.Model;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>Everything a rule looks at: the user, the licences before and after the change, and the R4 site facts.</summary>
public sealed record RuleContext(
    LicensedUser User,
    IReadOnlyList<Licence> Before,
    IReadOnlyList<Licence> After,
    IReadOnlyDictionary<string, MeetingAccountType> AccountTypes,
    IReadOnlySet<string> SitesWithAttendeeAccounts)
{
    public IReadOnlyList<Licence> Added { get; } = After.Where(a => Before.All(b => b.Id != a.Id)).ToList();

    public IReadOnlyList<Licence> Removed { get; } = Before.Where(b => After.All(a => a.Id != b.Id)).ToList();

    public IEnumerable<Licence> CallingBefore => Before.Where(l => l.Kind.IsCalling);

    public IEnumerable<Licence> CallingAfter => After.Where(l => l.Kind.IsCalling);
}
