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
    /// <summary>The text key of this rule's finding.</summary>
    public const string Text = "licensing.rule.R8";

    public string Id => "R8";

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        if (change.User is { IsExternal: true, Status: UserStatus.Pending } && change.Before.Count > 0 && change.Added.Count > 0)
            yield return RuleFinding.Violation(Id, LocalText.Of(Text, change.User.Email));
    }
}
