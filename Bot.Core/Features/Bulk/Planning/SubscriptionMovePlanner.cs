using LicenseBot.Core.Csv;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Bulk.Planning;

/// <summary>The answer to "move all from A to B": a plan, or the reason there is none.</summary>
public sealed record SubscriptionMove(BulkPlan? Plan, LocalText? Refusal, IReadOnlyList<(Licence From, Licence To)> Mapping, IReadOnlyList<Licence> Unmatched);

/// <summary>
/// "Move everyone on subscription A to B" (the auto-licence template's swap, R11): every licence of A goes to the
/// licence of B with the same name — matched by name, never guessed (no twin, or several, and it is listed as
/// unmatched and left alone); every other licence a user holds is kept. Refused out of a suspended A (R6).
/// </summary>
public static class SubscriptionMovePlanner
{
    public static SubscriptionMove Plan(OrgSnapshot snapshot, string fromId, string toId, string title)
    {
        var subscriptions = snapshot.Org.Subscriptions;
        var from = subscriptions.FirstOrDefault(s => string.Equals(s.Id, fromId, StringComparison.OrdinalIgnoreCase));
        var to = subscriptions.FirstOrDefault(s => string.Equals(s.Id, toId, StringComparison.OrdinalIgnoreCase));
        var known = string.Join(", ", subscriptions.Where(s => s.Id.Length > 0).Select(s => s.Id));
        if (from is null) return Refused(LocalText.Of("bulk.move.unknown_subscription", fromId, known));
        if (to is null) return Refused(LocalText.Of("bulk.move.unknown_subscription", toId, known));
        if (from.Id == to.Id) return Refused(LocalText.Of("bulk.move.same", from.Id));
        if (from.State != SubscriptionState.Active)
            return Refused(LocalText.Of("bulk.move.r6", from.Id, LocalText.Of($"licensing.subscription.{from.State.ToString().ToLowerInvariant()}")));
        if (to.State != SubscriptionState.Active)
            return Refused(LocalText.Of("bulk.move.target_inactive", to.Id, LocalText.Of($"licensing.subscription.{to.State.ToString().ToLowerInvariant()}")));

        var mapping = new List<(Licence From, Licence To)>();
        var unmatched = new List<Licence>();
        foreach (var licence in from.Licences)
        {
            var name = LicenceHeader.NormaliseName(licence.Name);
            var twins = to.Licences.Where(l => LicenceHeader.NormaliseName(l.Name) == name).ToList();
            if (twins.Count > 1 && licence.SiteUrl is not null)
                twins = twins.Where(l => string.Equals(l.SiteUrl, licence.SiteUrl, StringComparison.OrdinalIgnoreCase)).ToList();
            if (twins.Count == 1) mapping.Add((licence, twins[0]));
            else unmatched.Add(licence);
        }
        if (mapping.Count == 0) return new SubscriptionMove(null, LocalText.Of("bulk.move.nothing_matches", from.Id, to.Id), mapping, unmatched);

        var builder = new BulkPlanBuilder(snapshot, title);
        builder.Note(BotText.Format("bulk.move.mapping", from.Id, to.Id, string.Join(", ", mapping.Select(m => m.From.SiteUrl is null ? m.From.Name : $"{m.From.Name} ({m.From.SiteUrl})").Distinct())));
        if (unmatched.Count > 0)
            builder.Note(BotText.Format("bulk.move.unmatched", string.Join(", ", unmatched.Select(l => l.Label)), to.Id));
        var row = 0;
        foreach (var entry in snapshot.Users)
        {
            var user = entry.User;
            var moving = mapping.Where(m => user.HasLicence(m.From.Id)).ToList();
            if (moving.Count == 0) continue;
            builder.AddChange(++row, user.Email, moving.Select(m => m.To.Id), moving.Select(m => m.From.Id));
        }
        return new SubscriptionMove(builder.Build(), null, mapping, unmatched);
    }

    private static SubscriptionMove Refused(LocalText reason) => new(null, reason, [], []);
}
