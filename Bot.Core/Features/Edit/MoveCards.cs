using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Edit;

/// <summary>The <c>move</c> flow's own card: when the licence named is ambiguous or unknown, the admin chooses — never a guess.</summary>
public sealed class MoveCards
{
    public const string ChooseStep = "choose";
    public const string LicenceInput = "licence";

    public LicenceCard Choose(string email, string asked, IReadOnlyList<Licence> candidates, bool ambiguous, string flow)
    {
        var intro = BotText.Format(ambiguous ? "edit.move.ambiguous" : "edit.move.unknown", asked, email);
        var body = new List<CardElement>
        {
            LicenceText.Title(BotText.Format("edit.move.choose_title", email)),
            new TextBlock(intro),
            new InputChoiceSet(candidates.Select(l => new Choice(BotText.Format("edit.form.choice", l.Label, l.FreeUnits), l.Id)).ToList())
            {
                Id = LicenceInput,
                Label = BotText.Get("edit.move.choose_label"),
                IsRequired = true,
                ErrorMessage = BotText.Get("edit.move.choose_error"),
                Style = ChoiceInputStyle.Expanded,
            },
        };
        var card = new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new SubmitAction(BotText.Get("edit.form.review"), new CardActionData(flow, ChooseStep).With(EditLicenceCards.EmailKey, email)) { Style = ActionStyle.Positive },
                new SubmitAction(BotText.Get("edit.cancel"), new CardActionData(flow, EditLicenceCards.CancelStep)),
            ],
        };
        var md = intro + "\n" + LicenceText.Bullets(candidates.Select(l => $"{l.Label} ({l.Id})"));
        return new LicenceCard(card, md);
    }
}
