using System.Globalization;
using System.Text;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Audit;

/// <summary>
/// What the audit card shows for the ids an entry stores: each licence's label (name and subscription) and each admin's
/// e-mail address or name. The admin reads names, never Webex ids.
/// </summary>
public sealed record AuditNames(OrgLicences? Licences, IReadOnlyDictionary<string, string> People)
{
    public static readonly AuditNames None = new(null, new Dictionary<string, string>());

    /// <summary>The licence's label, or "a licence not in this org's list" (never its id).</summary>
    public string Licence(string id) => Licences?.Find(id)?.Label ?? LicenseBot.Core.Licensing.Model.Licence.UnknownName;

    /// <summary>The admin's e-mail address, else their looked-up name, else "an admin".</summary>
    public string Person(string? email, string id) =>
        string.IsNullOrEmpty(id) ? "-"
        : !string.IsNullOrEmpty(email) ? email
        : People.GetValueOrDefault(id) ?? BotText.Get("jobs.someone");
}

/// <summary>The <c>audit [email]</c> answer: the latest licence changes, newest first.</summary>
public sealed class AuditCards
{
    public LicenceCard Latest(IReadOnlyList<AuditEntry> entries, string? email, AuditNames? names = null)
    {
        names ??= AuditNames.None;
        var title = email is null ? BotText.Get("audit.title") : BotText.Format("audit.title_user", email);
        var body = new List<CardElement> { LicenceText.Title(title) };
        var md = new StringBuilder($"**{title}**\n");
        if (entries.Count == 0)
        {
            body.Add(new TextBlock(BotText.Get("audit.none")));
            md.Append('\n').Append(BotText.Get("audit.none"));
        }
        foreach (var e in entries)
        {
            var when = e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            var head = BotText.Format("audit.entry", when, e.Email, e.Outcome);
            var facts = new List<Fact>
            {
                new(BotText.Get("audit.requested"), names.Person(e.RequestedByEmail, e.RequestedBy)),
                new(BotText.Get("audit.confirmed"), names.Person(e.ConfirmedByEmail, e.ConfirmedBy)),
                new(BotText.Get("audit.before"), e.Before.Count == 0 ? "-" : string.Join(", ", e.Before.Select(names.Licence))),
                new(BotText.Get("audit.after"), e.After.Count == 0 ? "-" : string.Join(", ", e.After.Select(names.Licence))),
                new(BotText.Get("audit.tracking"), e.TrackingId ?? "-"),
            };
            if (BotText.Render(e.Detail) is { Length: > 0 } detail) facts.Add(new(BotText.Get("audit.detail"), detail));
            body.Add(new Container(
            [
                new TextBlock(head) { Weight = TextWeight.Bolder, Color = e.Outcome == "Applied" ? TextColor.Good : TextColor.Attention },
                new FactSet(facts),
            ]) { Separator = true, Spacing = Spacing.Medium });
            md.Append("\n**").Append(head).Append("**\n").Append(LicenceText.Bullets(facts.Select(f => $"{f.Title}: {f.Value}"))).Append('\n');
        }
        return new LicenceCard(new AdaptiveCard { Body = body }, md.ToString().TrimEnd());
    }
}
