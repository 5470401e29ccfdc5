using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>
/// Webex 400411: every calling licence added needs its own properties (number or extension, and a location without a
/// number). The bot carries the user's current calling data over; a user without any cannot be given calling here.
/// </summary>
public sealed class CallingPropertiesAvailable : ILicenceRule
{
    /// <summary>The text key of this rule's finding.</summary>
    public const string Text = "licensing.rule.400411";

    public const string RuleId = "400411";

    public string Id => RuleId;

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        var added = change.Added.FirstOrDefault(l => l.Kind.IsCalling);
        if (added is not null && change.User.Calling is not { CanCarryOver: true })
            return [RuleFinding.Violation(Id, LocalText.Of(Text, added.Label, change.User.DisplayName))];
        return [];
    }
}
