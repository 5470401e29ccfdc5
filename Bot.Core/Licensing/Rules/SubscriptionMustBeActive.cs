using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>
/// R6 (per-user side): a licence of a suspended or cancelled subscription cannot be added; it can still be removed
/// per user, which is how users leave such a subscription.
/// </summary>
public sealed class SubscriptionMustBeActive : ILicenceRule
{
    public string Id => "R6";

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        List<RuleFinding>? findings = null;
        for (var i = 0; i < change.Added.Count; i++)
        {
            var licence = change.Added[i];
            if (licence.CanBeAdded) continue;
            (findings ??= []).Add(RuleFinding.Violation(Id, BotText.Format("licensing.rule.R6.add", licence.Label,
                BotText.Get($"licensing.subscription.{licence.SubscriptionState.ToString().ToLowerInvariant()}"))));
        }
        return findings ?? (IEnumerable<RuleFinding>)[];
    }
}
