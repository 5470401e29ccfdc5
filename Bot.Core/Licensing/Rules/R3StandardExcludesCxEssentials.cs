using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>R3: Webex Calling Standard and Customer Experience Essentials cannot both be assigned.</summary>
public sealed class R3StandardExcludesCxEssentials : ILicenceRule
{
    /// <summary>The text key of this rule's finding.</summary>
    public const string Text = "licensing.rule.R3";

    public string Id => "R3";

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        var standard = change.After.FirstOrDefault(l => l.Kind.IsCallingStandard);
        var cx = change.After.FirstOrDefault(l => l.Kind.IsCxEssentials);
        if (standard is not null && cx is not null)
            return [RuleFinding.Violation(Id, LocalText.Of(Text, standard.Label, cx.Label))];
        return [];
    }
}
