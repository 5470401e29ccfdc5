using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>R2: Webex Attendant Console requires Webex Calling Professional in the same set.</summary>
public sealed class R2AttendantConsoleNeedsProfessional : ILicenceRule
{
    /// <summary>The text key of this rule's finding.</summary>
    public const string Text = "licensing.rule.R2";

    public string Id => "R2";

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        var console = change.After.FirstOrDefault(l => l.Family == ServiceFamily.AttendantConsole);
        if (console is not null && !change.After.Any(l => l.Kind.IsCallingProfessional))
            return [RuleFinding.Violation(Id, LocalText.Of(Text, console.Label))];
        return [];
    }
}
