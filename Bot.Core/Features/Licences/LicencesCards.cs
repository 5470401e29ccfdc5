using System.Text;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Licences;

/// <summary>The <c>licenses</c> answer: subscriptions with their state, licences by family, units used and free.</summary>
public sealed class LicencesCards
{
    public LicenceCard Overview(OrgLicences org)
    {
        var body = new List<CardElement> { LicenceText.Title(BotText.Get("licensing.overview.title")) };
        var md = new StringBuilder($"**{BotText.Get("licensing.overview.title")}**\n\n");

        body.Add(LicenceText.Heading(BotText.Get("licensing.overview.subscriptions")));
        body.Add(new FactSet(org.Subscriptions.Select(s => new Fact(LicenceText.Subscription(s.Id), SubscriptionLine(s))).ToList()));
        md.Append(LicenceText.Bullets(org.Subscriptions.Select(s => $"{LicenceText.Subscription(s.Id)}: {SubscriptionLine(s)}"))).Append("\n\n");

        foreach (var family in org.ByFamily())
        {
            body.Add(LicenceText.Heading(LicenceText.Family(family.Key)));
            body.Add(new FactSet(family.Select(l => new Fact(l.Label, LicenceText.Units(l))).ToList()));
            md.Append($"**{LicenceText.Family(family.Key)}**\n").Append(LicenceText.Bullets(family.Select(l => $"{l.Label}: {LicenceText.Units(l)}"))).Append("\n\n");
        }
        if (org.Licences.Count == 0)
        {
            body.Add(new TextBlock(BotText.Get("licensing.overview.none")));
            md.Append(BotText.Get("licensing.overview.none"));
        }
        return new LicenceCard(new AdaptiveCard { Body = body }, md.ToString().TrimEnd());
    }

    private static string SubscriptionLine(Subscription s) =>
        BotText.Format("licensing.overview.subscription", LicenceText.State(s.State), s.Licences.Count,
            s.Licences.Sum(l => l.TotalUnits), s.Licences.Sum(l => l.ConsumedUnits), s.Licences.Sum(l => l.FreeUnits));
}
