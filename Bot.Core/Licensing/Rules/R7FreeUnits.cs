using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>
/// R7: every licence added consumes a unit; there must be a free one. A single change needs a free unit per licence it
/// adds; a bulk plan needs, per licence, as many free units as all its rows add, once its removals are counted.
/// </summary>
public sealed class R7FreeUnits : ILicenceRule
{
    private const string ChangeText = "licensing.rule.R7";
    private const string PlanText = "bulk.plan.r7";

    public string Id => "R7";

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        // In a bulk plan one row's unit may be freed by another's removal: judged over the plan (CheckPlan).
        if (change.InBulk) return [];
        List<RuleFinding>? findings = null;
        foreach (var licence in change.Added)
            if (licence.FreeUnits < 1)
                (findings ??= []).Add(RuleFinding.Violation(Id, LocalText.Of(ChangeText, licence.Label, licence.ConsumedUnits, licence.TotalUnits)));
        return findings ?? (IEnumerable<RuleFinding>)[];
    }

    public IEnumerable<RuleFinding> CheckPlan(IReadOnlyList<LicenceUnits> units) =>
        units.Where(u => u.Added > 0 && u.FreeAfter < 0)
            .Select(u => RuleFinding.Violation(Id, LocalText.Of(PlanText, u.Licence.Label, u.Added - u.Removed, u.Licence.FreeUnits, -u.FreeAfter)))
            .ToList();
}
