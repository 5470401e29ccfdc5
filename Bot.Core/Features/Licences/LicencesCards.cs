using System.Text;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Licences;

/// <summary>
/// The <c>licenses</c> answer: subscriptions with their state (a warning for each suspended or cancelled one that still
/// has users), then licences by family, calling first, each with a bar of its used and free units.
/// </summary>
public sealed class LicencesCards
{
    public LicenceCard Overview(OrgLicences org)
    {
        var body = new List<CardElement> { LicenceText.Title(BotText.Get("licensing.overview.title")) };
        var md = new StringBuilder($"**{BotText.Get("licensing.overview.title")}**\n\n");

        body.Add(LicenceText.Heading(BotText.Get("licensing.overview.subscriptions")));
        body.Add(new FactSet(org.Subscriptions.Select(s => new Fact(LicenceText.Subscription(s.Id), SubscriptionLine(s))).ToList()));
        md.Append(LicenceText.Bullets(org.Subscriptions.Select(s => $"{LicenceText.Subscription(s.Id)}: {SubscriptionLine(s)}"))).Append("\n\n");

        foreach (var s in InactiveWithUsers(org))
        {
            var warning = BotText.Format("licensing.overview.inactive_users", LicenceText.Subscription(s.Id), LicenceText.State(s.State), s.Licences.Sum(l => l.ConsumedUnits));
            body.Add(new Container([new TextBlock(warning) { Weight = TextWeight.Bolder, Color = TextColor.Attention }]) { Style = ContainerStyle.Attention, Spacing = Spacing.Small });
            md.Append("**⚠ ").Append(warning).Append("**\n\n");
        }

        // Calling first: the licences whose loss costs a user their number (the family order puts Calling first).
        foreach (var family in org.ByFamily().OrderBy(f => f.Key == ServiceFamily.Calling ? 0 : 1))
        {
            body.Add(LicenceText.Heading(LicenceText.Family(family.Key)));
            md.Append($"**{LicenceText.Family(family.Key)}**\n");
            foreach (var l in family)
            {
                body.Add(new TextBlock(l.Label) { Spacing = Spacing.Small });
                body.Add(UnitBar.Columns(l.ConsumedUnits, l.TotalUnits, l.CanBeAdded ? ContainerStyle.Accent : ContainerStyle.Warning));
                body.Add(new TextBlock(LicenceText.Units(l)) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.None });
                md.Append("- ").Append(l.Label).Append(": `").Append(UnitBar.Text(l.ConsumedUnits, l.TotalUnits)).Append("` ").Append(LicenceText.Units(l)).Append('\n');
            }
            md.Append('\n');
        }
        if (org.Licences.Count == 0)
        {
            body.Add(new TextBlock(BotText.Get("licensing.overview.none")));
            md.Append(BotText.Get("licensing.overview.none"));
        }
        return new LicenceCard(new AdaptiveCard { Body = body }, md.ToString().TrimEnd());
    }

    /// <summary>Subscriptions that are suspended or cancelled while their licences are still assigned to someone.</summary>
    public static IReadOnlyList<Subscription> InactiveWithUsers(OrgLicences org) =>
        org.Subscriptions.Where(s => s.State != SubscriptionState.Active && s.Licences.Any(l => l.ConsumedUnits > 0)).ToList();

    private static string SubscriptionLine(Subscription s) =>
        BotText.Format("licensing.overview.subscription", LicenceText.State(s.State), s.Licences.Count,
            s.Licences.Sum(l => l.TotalUnits), s.Licences.Sum(l => l.ConsumedUnits), s.Licences.Sum(l => l.FreeUnits));
}
