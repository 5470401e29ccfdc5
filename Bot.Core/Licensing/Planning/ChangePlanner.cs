using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Planning;

/// <summary>Turns a request into a plan against one snapshot of the org and the user. Pure: no calls, no clock.</summary>
public static class ChangePlanner
{
    /// <summary>Id used for findings about a licence the org does not have (Webex would answer 400000).</summary>
    public const string UnknownLicence = "400000";

    public static ChangePlan Plan(
        string planId,
        DateTimeOffset now,
        OrgLicences org,
        LicensedUser user,
        ChangeRequest request,
        IReadOnlySet<string> sitesWithAttendeeAccounts)
    {
        var findings = new List<RuleFinding>();
        var before = user.LicenceIds.Select(id => org.Find(id) ?? Unlisted(id)).ToList();
        var (afterIds, accountTypes) = request switch
        {
            EditLicencesRequest edit => (edit.Licences.Distinct(StringComparer.Ordinal).ToList(), edit.AccountTypes),
            MoveLicenceRequest move => (Move(org, before, move.TargetLicenceId), new Dictionary<string, MeetingAccountType>()),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.GetType().Name, "Unknown change request."),
        };

        var after = new List<Licence>();
        foreach (var id in afterIds)
        {
            var licence = org.Find(id) ?? before.FirstOrDefault(b => b.Id == id);
            if (licence is null) findings.Add(RuleFinding.Violation(UnknownLicence, LocalText.Of("licensing.rule.400000")));
            else after.Add(licence);
        }

        var context = new RuleContext(user, before, after, accountTypes, sitesWithAttendeeAccounts);
        findings.AddRange(LicenceRules.Check(context));

        return new ChangePlan(
            planId, user, request.RequestedBy, now, before, after, context.Added, context.Removed,
            SiteChanges(user, accountTypes), findings, Units(context));
    }

    /// <summary>The target replaces every licence of the same service (for meetings: of the same site); the rest stays.</summary>
    private static List<string> Move(OrgLicences org, IReadOnlyList<Licence> before, string targetId)
    {
        var target = org.Find(targetId);
        if (target is null) return [.. before.Select(b => b.Id), targetId];
        var replaced = before.Where(b => b.Family == target.Family
            && (target.Family != ServiceFamily.Meetings || string.Equals(b.SiteUrl, target.SiteUrl, StringComparison.OrdinalIgnoreCase)));
        return [.. before.Except(replaced).Select(b => b.Id), target.Id];
    }

    private static List<SiteAccountChange> SiteChanges(LicensedUser user, IReadOnlyDictionary<string, MeetingAccountType> types)
    {
        var changes = new List<SiteAccountChange>();
        foreach (var (site, type) in types)
        {
            var has = user.AttendeeSites.Contains(site, StringComparer.OrdinalIgnoreCase);
            if (type == MeetingAccountType.Attendee && !has) changes.Add(new SiteAccountChange(site, Add: true));
            if (type == MeetingAccountType.Host && has) changes.Add(new SiteAccountChange(site, Add: false));
        }
        return changes;
    }

    private static List<UnitsAfter> Units(RuleContext change) =>
        change.Added.Select(l => new UnitsAfter(l.Id, l.Label, l.TotalUnits, l.FreeUnits, l.FreeUnits - 1))
            .Concat(change.Removed.Select(l => new UnitsAfter(l.Id, l.Label, l.TotalUnits, l.FreeUnits, l.FreeUnits + 1)))
            .ToList();

    /// <summary>A licence the user holds that <c>GET /licenses</c> no longer lists (renamed away, another org's): kept, never dropped.</summary>
    private static Licence Unlisted(string id) => Licence.NotInOrg(id);
}
