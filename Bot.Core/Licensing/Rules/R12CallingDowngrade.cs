using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>R12: Calling Professional → Calling Standard and CX Essentials → Calling Standard are refused by Webex in one change.</summary>
public sealed class R12CallingDowngrade : ILicenceRule
{
    /// <summary>The text key of this rule's finding.</summary>
    public const string ProfessionalText = "licensing.rule.R12.professional";

    /// <summary>The text key of this rule's finding.</summary>
    public const string CxText = "licensing.rule.R12.cx";

    public string Id => "R12";

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        var standard = change.Added.FirstOrDefault(l => l.Kind.IsCallingStandard);
        if (standard is null) return [];
        var findings = new List<RuleFinding>();
        var professional = change.Removed.FirstOrDefault(l => l.Kind.IsCallingProfessional);
        if (professional is not null)
            findings.Add(RuleFinding.Violation(Id, LocalText.Of(ProfessionalText, professional.Label, standard.Label)));
        var cx = change.Removed.FirstOrDefault(l => l.Kind.IsCxEssentials);
        if (cx is not null)
            findings.Add(RuleFinding.Violation(Id, LocalText.Of(CxText, cx.Label, standard.Label)));
        return findings;
    }
}
