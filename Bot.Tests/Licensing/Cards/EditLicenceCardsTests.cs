using LicenseBot.Core.Cards;
using LicenseBot.Core.Cards.Catalogue;
using LicenseBot.Core.Features.Edit;
using LicenseBot.Core.Licensing.Applying;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using static LicenseBot.Tests.Licensing.LicensingTestData;

namespace LicenseBot.Tests.Licensing.Cards;

public sealed class EditLicenceCardsTests
{
    private static readonly EditLicenceCards Cards = new();
    private static readonly Dictionary<string, MeetingAccountType> NoTypes = [];

    private static ChangePlan Plan(LicensedUser user, ChangeRequest request) =>
        ChangePlanner.Plan("p", DateTimeOffset.UnixEpoch, Org(), user, request, new HashSet<string>());

    private static List<TextBlock> Texts(AdaptiveCard card) => Flatten(card.Body).OfType<TextBlock>().ToList();

    private static IEnumerable<CardElement> Flatten(IEnumerable<CardElement> elements) =>
        elements.SelectMany(e => e is Container c ? Flatten(c.Items).Prepend(e) : [e]);

    [Fact]
    public void Every_licensing_card_in_the_catalogue_keeps_webex_limits()
    {
        var samples = CardCatalogue.All.Where(s => s.Flow is "licences" or "user" or "edit" or "move" or "audit").ToList();
        Assert.True(samples.Count >= 10, $"only {samples.Count} licensing samples");
        foreach (var sample in samples)
            Assert.Empty(CardRules.Check(CardJson.Deserialize(sample.Card.GetRawText())).Select(p => $"{sample.Name}: {p}"));
    }

    [Fact]
    public void Edit_form_has_one_choice_set_per_family_with_current_licences_selected_and_none()
    {
        var card = Cards.Edit(User([ProOld, Msg], BobCalling), Org(), "edit").Card;
        var sets = card.AllInputs().OfType<InputChoiceSet>().ToDictionary(i => i.Id!);
        Assert.Equal("L-CALL-PRO-OLD", sets["family:Calling"].Value);
        Assert.Contains(sets["family:Calling"].Choices, c => c.Value == EditLicenceCards.None);
        Assert.Equal("L-MSG", sets["family:Messaging"].Value);
        Assert.Equal(EditLicenceCards.None, sets["family:AttendantConsole"].Value);
        Assert.True(sets.ContainsKey("site:acme.webex.com"));
    }

    [Fact]
    public void Reading_the_edit_form_builds_the_whole_set_and_keeps_licences_not_on_the_card()
    {
        var user = User([ProOld, Msg], BobCalling) with { LicenceIds = ["L-CALL-PRO-OLD", "L-MSG", "L-UNLISTED"] };
        var inputs = new Dictionary<string, string>
        {
            ["family:Calling"] = "L-CALL-PRO-NEW",
            ["family:Messaging"] = "none",
            ["family:Meetings"] = "L-MTG",
            ["site:acme.webex.com"] = "Host",
        };
        var request = EditLicenceCards.ReadEdit(inputs, user, Org(), "P-ALICE");
        Assert.Equal(["L-CALL-PRO-NEW", "L-MTG", "L-UNLISTED"], request.Licences.Order());
        Assert.Equal(MeetingAccountType.Host, request.AccountTypes["acme.webex.com"]);
    }

    [Fact]
    public void Confirmation_shows_added_green_removed_red_units_and_confirm_and_cancel_with_the_token()
    {
        var plan = Plan(User([ProOld], BobCalling), new MoveLicenceRequest("bob@acme.test", "P-ALICE", ProNew.Id));
        var card = Cards.Confirm(plan, "move", "tok-1").Card;

        Assert.Contains(Texts(card), t => t.Text.Contains("Webex Calling - Professional [Sub-NEW]") && t.Color == TextColor.Good);
        Assert.Contains(Texts(card), t => t.Text.Contains("Webex Calling - Professional [Sub-OLD]") && t.Color == TextColor.Attention);
        var facts = card.Body.OfType<FactSet>().SelectMany(f => f.Facts).ToList();
        Assert.Contains(facts, f => f.Value.Contains("Sub-OLD") && f.Value.Contains("Sub-NEW"));
        Assert.Contains(facts, f => f.Value.Contains("8 of 10 free"));
        var actions = card.AllActions().OfType<SubmitAction>().ToList();
        Assert.Equal(["Confirm…", "Cancel…"], actions.Select(a => a.Title));
        Assert.All(actions, a => Assert.Equal("tok-1", a.Data.Token));
        Assert.Equal(["confirm", "cancel"], actions.Select(a => a.Data.Step));
    }

    [Fact]
    public void A_blocked_plan_shows_each_rule_id_and_offers_nothing_to_confirm()
    {
        var plan = Plan(User([ProOld], BobCalling), new EditLicencesRequest("bob@acme.test", "P-ALICE", [Standard.Id, AttConsole.Id], NoTypes));
        var card = Cards.Blocked(plan).Card;
        Assert.Contains(Texts(card), t => t.Text.StartsWith("R2:", StringComparison.Ordinal) && t.Color == TextColor.Attention);
        Assert.Contains(Texts(card), t => t.Text.StartsWith("R12:", StringComparison.Ordinal));
        Assert.Empty(card.AllActions());
    }

    [Fact]
    public void The_second_removal_card_names_what_is_lost_with_a_destructive_confirm()
    {
        var plan = Plan(User([ProOld, Msg], BobCalling), new EditLicencesRequest("bob@acme.test", "P-ALICE", [Msg.Id], NoTypes));
        var card = Cards.ConfirmRemoval(plan, "edit", "tok-2");
        var facts = card.Card.Body.OfType<FactSet>().Single().Facts;
        Assert.Contains(facts, f => f.Value == "+31201234568");
        Assert.Contains(facts, f => f.Value == "1002");
        Assert.Contains(facts, f => f.Title == "Voicemail");
        var confirm = card.Card.AllActions().OfType<SubmitAction>().First();
        Assert.Equal(("Confirm removal…", ActionStyle.Destructive, "confirm-removal"), (confirm.Title, confirm.Style, confirm.Data.Step));
    }

    [Fact]
    public void A_partial_result_names_the_licence_that_did_not_apply_and_warns_loudly_about_calling()
    {
        var plan = Plan(User([ProOld], BobCalling), new MoveLicenceRequest("bob@acme.test", "P-ALICE", ProNew.Id));
        var result = new ApplyResult(ApplyOutcome.Partial, plan, [], [new OperationResult(ProOld, LicenceOperation.Remove, true), new OperationResult(ProNew, LicenceOperation.Add, false)],
            LeftWithoutCalling: true, 206, "TRK-9", [], null);
        var card = Cards.Result(result);
        Assert.Contains(Texts(card.Card), t => t.Text.Contains("NOT added") && t.Text.Contains("[Sub-NEW]") && t.Color == TextColor.Attention);
        Assert.Contains(Texts(card.Card), t => t.Text.Contains("NO calling licence"));
        Assert.DoesNotContain(Texts(card.Card), t => t.Color == TextColor.Good && t.Text.StartsWith("Done", StringComparison.Ordinal));
        Assert.Contains("TRK-9", card.Fallback);
    }
}
