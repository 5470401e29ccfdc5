using LicenseBot.Core.Licensing.Model;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>Everything a rule looks at: the user, the licences before and after the change, the R4 site facts, and whether it is a bulk row.</summary>
public sealed record RuleContext(
    LicensedUser User,
    IReadOnlyList<Licence> Before,
    IReadOnlyList<Licence> After,
    IReadOnlyDictionary<string, MeetingAccountType> AccountTypes,
    IReadOnlySet<string> SitesWithAttendeeAccounts)
{
    /// <summary>The change is one row of a bulk plan: no admin reviews it alone, so some rules are stricter (R5, R6).</summary>
    public bool InBulk { get; init; }

    public IReadOnlyList<Licence> Added { get; } = NotIn(After, Before);

    public IReadOnlyList<Licence> Removed { get; } = NotIn(Before, After);

    public IEnumerable<Licence> CallingBefore => Before.Where(l => l.Kind.IsCalling);

    public IEnumerable<Licence> CallingAfter => After.Where(l => l.Kind.IsCalling);

    /// <summary>
    /// The licences of <paramref name="licences"/> whose id <paramref name="others"/> lacks, in order: counted, then
    /// copied into an array of that size (a bulk plan makes one context per row, so no LINQ, closures or spare room).
    /// </summary>
    private static Licence[] NotIn(IReadOnlyList<Licence> licences, IReadOnlyList<Licence> others)
    {
        var count = 0;
        for (var i = 0; i < licences.Count; i++)
            if (!HasId(others, licences[i].Id)) count++;
        if (count == 0) return [];
        var result = new Licence[count];
        count = 0;
        for (var i = 0; i < licences.Count; i++)
            if (!HasId(others, licences[i].Id)) result[count++] = licences[i];
        return result;
    }

    private static bool HasId(IReadOnlyList<Licence> licences, string id)
    {
        for (var i = 0; i < licences.Count; i++)
            if (licences[i].Id == id) return true;
        return false;
    }
}
