using System.Globalization;
using System.Text;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Reset;

/// <summary>
/// The <c>external</c> card: the org's external users, a page at a time, with status, licences and when invited;
/// the pending ones of the page in one choice set with a single Reset… button (three actions at most per card).
/// </summary>
public sealed class ExternalUsersCards
{
    public const string ListFlow = "external";
    public const string PageStep = "page";
    public const string PageKey = "page";
    public const int PageSize = 8;

    public LicenceCard Page(IReadOnlyList<ExternalUser> users, int page)
    {
        var pages = Math.Max(1, (users.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var shown = users.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var title = BotText.Format("reset.list.title", users.Count);
        var body = new List<CardElement> { LicenceText.Title(title) };
        var md = new StringBuilder($"**{BotText.Format("reset.list.fallback", users.Count, page, pages)}**\n");
        if (users.Count == 0)
        {
            body.Add(new TextBlock(BotText.Get("reset.list.empty")));
            return new LicenceCard(new AdaptiveCard { Body = body }, md.Append('\n').Append(BotText.Get("reset.list.empty")).ToString());
        }

        body.Add(new TextBlock(BotText.Get("reset.list.intro")) { IsSubtle = true, Spacing = Spacing.None });
        if (pages > 1) body.Add(new TextBlock(BotText.Format("reset.list.page", page, pages)) { IsSubtle = true, Spacing = Spacing.None });
        foreach (var user in shown)
        {
            var status = Status(user);
            var licences = Licences(user);
            body.Add(new Container(
            [
                new TextBlock($"{user.DisplayName} ({user.Email})") { Weight = TextWeight.Bolder },
                new TextBlock(status) { Color = user.IsPending ? TextColor.Warning : null, Spacing = Spacing.None },
                new TextBlock(BotText.Format("reset.list.licences", licences)) { IsSubtle = true, Spacing = Spacing.None },
            ]) { Separator = true, Spacing = Spacing.Medium });
            md.Append("\n- ").Append(BotText.Format("reset.list.fallback_line", user.DisplayName, user.Email, status, licences));
        }

        var actions = new List<CardAction>();
        var pending = shown.Where(u => u.IsPending).ToList();
        if (pending.Count > 0)
        {
            body.Add(new InputChoiceSet(pending.Select(u => new Choice($"{u.DisplayName} ({u.Email})", u.Email)).ToList())
            {
                Id = ResetCards.PersonInput,
                Label = BotText.Get("reset.list.choose"),
                Value = pending[0].Email,
                Style = ChoiceInputStyle.Compact,
                Spacing = Spacing.Medium,
            });
            actions.Add(new SubmitAction(BotText.Get("reset.list.reset"), new CardActionData(ResetCards.Flow, ResetCards.StartStep)) { Style = ActionStyle.Positive });
        }
        if (page > 1) actions.Add(new SubmitAction(BotText.Get("reset.list.previous"), PageData(page - 1)));
        if (page < pages) actions.Add(new SubmitAction(BotText.Get("reset.list.next"), PageData(page + 1)));
        return new LicenceCard(new AdaptiveCard { Body = body, Actions = actions.Count == 0 ? null : actions }, md.ToString());
    }

    /// <summary>The page a Previous/Next click asks for (1 when absent or not a number).</summary>
    public static int RequestedPage(IReadOnlyDictionary<string, string> inputs) =>
        inputs.TryGetValue(PageKey, out var value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1;

    private static CardActionData PageData(int page) =>
        new CardActionData(ListFlow, PageStep).With(PageKey, page.ToString(CultureInfo.InvariantCulture));

    private static string Status(ExternalUser user) => user.IsPending
        ? user.InvitedAt is { } at
            ? BotText.Format("reset.list.status_pending", ResetCards.When(at))
            : BotText.Get("reset.list.status_pending_nodate")
        : BotText.Format("reset.list.status_other", LicenceText.Status(user.Status));

    private static string Licences(ExternalUser user) =>
        user.Licences.Count == 0 ? BotText.Get("reset.list.nolicences") : string.Join(", ", user.Licences.Select(l => l.Label));
}
