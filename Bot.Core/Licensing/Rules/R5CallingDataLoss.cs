using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>
/// R5: removing the calling licence with no calling licence added in the same change destroys the user's calling
/// data. Not refused — shown as destructive, and the flow asks for a second confirmation.
/// </summary>
public sealed class R5CallingDataLoss : ILicenceRule
{
    public string Id => "R5";

    public static bool IsDestructive(RuleContext change) =>
        change.Removed.Any(l => l.Kind.IsCalling) && !change.CallingAfter.Any();

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        // Without calling data there is nothing to lose yet: that is R9's case.
        if (IsDestructive(change) && change.User.Calling is { IsEmpty: false })
        {
            var calling = change.User.Calling!;
            yield return RuleFinding.Warning(Id, BotText.Format("licensing.rule.R5",
                calling.PhoneNumber ?? "-", calling.Extension ?? "-"));
        }
    }
}
