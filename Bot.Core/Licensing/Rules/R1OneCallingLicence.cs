using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>R1: at most one calling licence; Webex Calling plus Unified CM only as a migration step.</summary>
public sealed class R1OneCallingLicence : ILicenceRule
{
    public string Id => "R1";

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        var calling = change.CallingAfter.ToList();
        if (calling.Count > 1)
            yield return RuleFinding.Violation(Id, BotText.Format("licensing.rule.R1", string.Join(", ", calling.Select(l => l.Label))));

        var ucm = change.After.Where(l => l.Family == ServiceFamily.UnifiedCm).ToList();
        if (ucm.Count > 1)
            yield return RuleFinding.Violation(Id, BotText.Format("licensing.rule.R1.ucm", string.Join(", ", ucm.Select(l => l.Label))));

        if (calling.Count >= 1 && ucm.Count >= 1)
            yield return RuleFinding.Warning(Id, BotText.Format("licensing.rule.R1.migration", ucm[0].Label));
    }
}
