using LicenseBot.Core.Journal;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Facts;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;

namespace LicenseBot.Core.Features.Reset;

/// <summary>
/// The org's external users and the planning of their reset (R8). External users are found where Webex marks them:
/// as <c>EXTERNAL</c> assignees of the org's licences (<c>GET /licenses/{id}?includeAssignedTo=user</c>).
/// Knows nothing of cards or conversations.
/// </summary>
public sealed class ExternalUsers(IWebexAdmin admin, ILicensingService licensing, IMeetingSiteFacts sites, TimeProvider time)
{
    private const string External = "EXTERNAL";

    /// <summary>Every external user holding a licence of the org, pending first, then by name.</summary>
    public async Task<IReadOnlyList<ExternalUser>> ListAsync(CancellationToken ct)
    {
        var org = await licensing.GetOrgAsync(ct);
        var found = new Dictionary<string, (WebexLicenseUserInfo Info, List<Licence> Licences)>(StringComparer.Ordinal);
        foreach (var licence in org.Licences)
        {
            await foreach (var assignee in WebexReads.Read(() => admin.ListLicenseUsersAsync(licence.Id, ct), ct))
            {
                if (!string.Equals(assignee.Type, External, StringComparison.OrdinalIgnoreCase)) continue;
                if (!found.TryGetValue(assignee.Id, out var entry))
                {
                    entry = (new WebexLicenseUserInfo(assignee.Email ?? "", assignee.DisplayName), []);
                    found[assignee.Id] = entry;
                }
                entry.Licences.Add(licence);
            }
        }

        var users = new List<ExternalUser>();
        foreach (var (id, (info, licences)) in found)
        {
            var person = await WebexReads.Read(() => admin.GetPersonAsync(id, callingData: false, ct));
            var user = person is null ? null : UserMapper.ToUser(person, null, []);
            users.Add(new ExternalUser(
                id,
                user?.Email ?? info.Email,
                user?.DisplayName ?? (string.IsNullOrWhiteSpace(info.DisplayName) ? info.Email : info.DisplayName),
                user?.Status ?? UserStatus.Other,
                licences,
                DateTimeOffset.TryParse(person?.Created, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var created) ? created : null));
        }
        return users.OrderBy(u => u.IsPending ? 0 : 1).ThenBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(u => u.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// The user behind <paramref name="email"/>, and whether a reset may start: only for an external user who is
    /// still pending. Throws <see cref="LicensingException"/> for a malformed address or a Webex failure.
    /// </summary>
    public async Task<ResetCandidate?> FindAsync(string email, CancellationToken ct)
    {
        LicensedUser user;
        try
        {
            user = await licensing.GetUserAsync(email, ct);
        }
        catch (LicensingException ex) when (ex.Problem == LicensingProblem.UnknownUser)
        {
            return null;
        }
        if (!user.IsExternal && !await AssignedAsExternalAsync(user, ct)) return new ResetCandidate(user, ResetRefusal.Internal);
        if (user.Status != UserStatus.Pending) return new ResetCandidate(user, ResetRefusal.NotPending);
        return new ResetCandidate(user, null);
    }

    /// <summary>
    /// Plans the reset of <paramref name="user"/> to the licence set of <paramref name="request"/>. The rules see the
    /// user as step 1 leaves them (no licences, no attendee accounts) and the org with the units step 1 frees.
    /// </summary>
    public async Task<ResetPlan> PlanAsync(LicensedUser user, EditLicencesRequest request, CancellationToken ct) =>
        await PlanAsync(user, await licensing.GetOrgAsync(ct), request, ct);

    /// <summary><see cref="PlanAsync(LicensedUser, EditLicencesRequest, CancellationToken)"/> against an <paramref name="org"/> the caller has just read.</summary>
    public async Task<ResetPlan> PlanAsync(LicensedUser user, OrgLicences org, EditLicencesRequest request, CancellationToken ct)
    {
        var held = user.LicenceIds.ToHashSet(StringComparer.Ordinal);
        var freed = new OrgLicences(org.Licences.Select(l => held.Contains(l.Id) ? l with { ConsumedUnits = Math.Max(0, l.ConsumedUnits - 1) } : l).ToList());
        var attendeeSites = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var site in org.Licences.Select(l => l.SiteUrl).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await sites.AllowsAttendeeAccountsAsync(site, ct)) attendeeSites.Add(site);
        }

        var blank = user with { LicenceIds = [], AttendeeSites = [] };
        var now = time.GetUtcNow();
        var change = ChangePlanner.Plan(Guid.NewGuid().ToString("N"), now, freed, blank, request, attendeeSites);

        var before = user.LicenceIds.Select(id => org.Find(id) ?? Unlisted(id)).ToList();
        var after = change.After.Select(l => org.Find(l.Id) ?? l).ToList();
        var findings = change.Findings.ToList();
        if (after.Count == 0 && findings.Count == 0)
            findings.Add(RuleFinding.Violation("R8", LocalText.Of("reset.rule.nothing", user.DisplayName)));
        var units = after.Where(a => !held.Contains(a.Id)).Select(l => new UnitsAfter(l.Id, l.Label, l.TotalUnits, l.FreeUnits, l.FreeUnits - 1))
            .Concat(before.Where(b => after.All(a => a.Id != b.Id)).Select(l => new UnitsAfter(l.Id, l.Label, l.TotalUnits, l.FreeUnits, l.FreeUnits + 1)))
            .ToList();
        return new ResetPlan(change.PlanId, user, request.RequestedBy, now, before, after,
            change.SiteChanges.Where(s => s.Add).Select(s => s.SiteUrl).ToList(), findings, units);
    }

    /// <summary>Without a configured org id, the licence assignments say whether a user is external.</summary>
    private async Task<bool> AssignedAsExternalAsync(LicensedUser user, CancellationToken ct)
    {
        foreach (var licenceId in user.LicenceIds)
        {
            await foreach (var assignee in WebexReads.Read(() => admin.ListLicenseUsersAsync(licenceId, ct), ct))
            {
                if (assignee.Id == user.Id) return string.Equals(assignee.Type, External, StringComparison.OrdinalIgnoreCase);
            }
        }
        return false;
    }

    private static Licence Unlisted(string id) => new(id, id, new LicenceKind(ServiceFamily.Other), null, SubscriptionState.Active, 0, 0);

    private sealed record WebexLicenseUserInfo(string Email, string? DisplayName);
}
