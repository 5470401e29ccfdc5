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
    public IReadOnlyList<Licence> Added { get; } = NotIn(After, Before);

    public IReadOnlyList<Licence> Removed { get; } = NotIn(Before, After);

    public IEnumerable<Licence> CallingBefore => Before.Where(l => l.Kind.IsCalling);

    public IEnumerable<Licence> CallingAfter => After.Where(l => l.Kind.IsCalling);

    /// <summary>The licences of <paramref name="licences"/> whose id <paramref name="others"/> lacks, in order (loops: a bulk plan makes one context per row).</summary>
    private static List<Licence> NotIn(IReadOnlyList<Licence> licences, IReadOnlyList<Licence> others)
    {
        var result = new List<Licence>();
        for (var i = 0; i < licences.Count; i++)
        {
            var found = false;
            for (var j = 0; j < others.Count && !found; j++) found = others[j].Id == licences[i].Id;
            if (!found) result.Add(licences[i]);
        }
        return result;
    }
}
