using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>
/// R8: a pending external user (invited from another org, not signed in yet) cannot be given another licence in
/// place; the reset flow removes every licence and adds the wanted ones again. Removing licences is allowed, and so is
/// adding to a user who holds none any more (step 2 of the reset: the user left the org's view and is invited again).
/// </summary>
public sealed class R8PendingExternal : ILicenceRule
{
    public string Id => "R8";

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        if (change.User is { IsExternal: true, Status: UserStatus.Pending } && change.Before.Count > 0 && change.Added.Count > 0)
            yield return RuleFinding.Violation(Id, BotText.Format("licensing.rule.R8", change.User.Email));
    }
}
