using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>R7: every licence added consumes a unit; there must be a free one.</summary>
public sealed class R7FreeUnits : ILicenceRule
{
    public string Id => "R7";

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        foreach (var licence in change.Added.Where(l => l.FreeUnits < 1))
            yield return RuleFinding.Violation(Id, BotText.Format("licensing.rule.R7", licence.Label, licence.ConsumedUnits, licence.TotalUnits));
    }
}
