using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>R1: at most one calling licence; Webex Calling plus Unified CM only as a migration step.</summary>
public sealed class R1OneCallingLicence : ILicenceRule
{
    /// <summary>The text key of this rule's finding.</summary>
    public const string Text = "licensing.rule.R1";

    /// <summary>The text key of this rule's finding.</summary>
    public const string UcmText = "licensing.rule.R1.ucm";

    /// <summary>The text key of this rule's finding.</summary>
    public const string MigrationText = "licensing.rule.R1.migration";

    public string Id => "R1";

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        // Counted first, lists made only for a finding: a bulk plan checks every row.
        var (calling, ucm) = (0, 0);
        Licence? firstUcm = null;
        for (var i = 0; i < change.After.Count; i++)
        {
            var licence = change.After[i];
            if (licence.Kind.IsCalling) calling++;
            if (licence.Family == ServiceFamily.UnifiedCm) { ucm++; firstUcm ??= licence; }
        }
        if (calling <= 1 && firstUcm is null) return [];

        var findings = new List<RuleFinding>();
        if (calling > 1)
            findings.Add(RuleFinding.Violation(Id, LocalText.Of(Text, string.Join(", ", change.CallingAfter.Select(l => l.Label)))));

        if (ucm > 1)
            findings.Add(RuleFinding.Violation(Id, LocalText.Of(UcmText, string.Join(", ", change.After.Where(l => l.Family == ServiceFamily.UnifiedCm).Select(l => l.Label)))));

        if (calling >= 1 && firstUcm is not null)
            findings.Add(RuleFinding.Warning(Id, LocalText.Of(MigrationText, firstUcm.Label)));
        return findings;
    }
}
