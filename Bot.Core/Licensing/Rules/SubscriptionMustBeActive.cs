using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>
/// R6: a licence of a suspended or cancelled subscription cannot be added; it can still be removed per user, which is
/// how users leave such a subscription — one by one: a bulk plan refuses to remove it (bulk tools lose the user's
/// configuration there).
/// </summary>
public sealed class SubscriptionMustBeActive : ILicenceRule
{
    private const string AddText = "licensing.rule.R6.add";
    private const string BulkRemoveText = "bulk.plan.r6";

    public string Id => "R6";

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        List<RuleFinding>? findings = null;
        if (change.InBulk)
        {
            for (var i = 0; i < change.Removed.Count; i++)
            {
                var licence = change.Removed[i];
                if (licence.SubscriptionState == Model.SubscriptionState.Active) continue;
                (findings ??= []).Add(RuleFinding.BulkRefusal(Id, LocalText.Of(BulkRemoveText, licence.Label, change.User.Email)));
                break;
            }
        }
        for (var i = 0; i < change.Added.Count; i++)
        {
            var licence = change.Added[i];
            if (licence.CanBeAdded) continue;
            (findings ??= []).Add(RuleFinding.Violation(Id, LocalText.Of(AddText, licence.Label,
                LocalText.Of($"licensing.subscription.{licence.SubscriptionState.ToString().ToLowerInvariant()}"))));
        }
        return findings ?? (IEnumerable<RuleFinding>)[];
    }
}
