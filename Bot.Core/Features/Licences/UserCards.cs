using System.Text;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Licences;

/// <summary>The <c>user &lt;email&gt;</c> answer: licences by family, status, roles, calling number, extension and location.</summary>
public sealed class UserCards
{
    public LicenceCard Details(LicensedUser user, OrgLicences org, string? locationName = null)
    {
        var facts = new List<Fact>
        {
            new(BotText.Get("licensing.user.email"), user.Email),
            new(BotText.Get("licensing.user.status"), LicenceText.Status(user.Status) + (user.IsExternal ? BotText.Get("licensing.user.external") : "")),
        };
        if (user.IsFullAdmin) facts.Add(new(BotText.Get("licensing.user.roles"), BotText.Get("licensing.user.fulladmin")));
        if (user.SiteAdminOf.Count > 0) facts.Add(new(BotText.Get("licensing.user.siteadmin"), string.Join(", ", user.SiteAdminOf)));

        var calling = user.Calling;
        var callingFacts = calling is null
            ? [new Fact(BotText.Get("licensing.user.calling"), BotText.Get("licensing.user.nocalling"))]
            : new List<Fact>
            {
                new(BotText.Get("licensing.user.number"), calling.PhoneNumber ?? "-"),
                new(BotText.Get("licensing.user.extension"), calling.Extension ?? "-"),
                new(BotText.Get("licensing.user.location"), LicenceText.Location(locationName, calling.LocationId)),
            };
        if (user.AttendeeSites.Count > 0) callingFacts.Add(new(BotText.Get("licensing.user.attendee"), string.Join(", ", user.AttendeeSites)));

        var licences = user.LicenceIds.Select(id => org.Find(id) ?? Licence.NotInOrg(id)).ToList();
        var byFamily = licences.GroupBy(l => l.Family).OrderBy(g => g.Key)
            .Select(g => new Fact(LicenceText.Family(g.Key), string.Join(", ", g.Select(l => l.Label)))).ToList();
        if (byFamily.Count == 0) byFamily.Add(new Fact(BotText.Get("licensing.user.licences"), BotText.Get("licensing.user.nolicences")));

        var body = new List<CardElement>
        {
            LicenceText.Title(user.DisplayName),
            new FactSet(facts),
            LicenceText.Heading(BotText.Get("licensing.user.licences")),
            new FactSet(byFamily),
            LicenceText.Heading(BotText.Get("licensing.user.calling")),
            new FactSet(callingFacts),
        };
        var md = new StringBuilder($"**{user.DisplayName}**\n\n")
            .Append(LicenceText.Bullets(facts.Concat(byFamily).Concat(callingFacts).Select(f => $"{f.Title}: {f.Value}")));
        return new LicenceCard(new AdaptiveCard { Body = body }, md.ToString());
    }
}
