using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>
/// R4: every Meetings site needs an account type. Attendee needs the site's attendee-account feature and is not
/// available to the site's administrators.
/// </summary>
public sealed class R4MeetingAccountType : ILicenceRule
{
    /// <summary>The text key of this rule's finding.</summary>
    public const string FeatureText = "licensing.rule.R4.feature";

    /// <summary>The text key of this rule's finding.</summary>
    public const string SiteAdminText = "licensing.rule.R4.siteadmin";

    /// <summary>The text key of this rule's finding.</summary>
    public const string BothText = "licensing.rule.R4.both";

    public string Id => "R4";

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        foreach (var (site, type) in change.AccountTypes)
        {
            if (type != MeetingAccountType.Attendee) continue;
            if (!change.SitesWithAttendeeAccounts.Contains(site))
                yield return RuleFinding.Violation(Id, LocalText.Of(FeatureText, site));
            else if (change.User.IsSiteAdminOf(site))
                yield return RuleFinding.Violation(Id, LocalText.Of(SiteAdminText, change.User.DisplayName, site));
            if (change.After.Any(l => l.Family == ServiceFamily.Meetings && string.Equals(l.SiteUrl, site, StringComparison.OrdinalIgnoreCase)))
                yield return RuleFinding.Violation(Id, LocalText.Of(BothText, site));
        }
    }
}
