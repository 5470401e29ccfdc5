using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Bulk;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;
using static LicenseBot.Tests.Jobs.PlanSamples;

namespace LicenseBot.Tests.Jobs;

public sealed class BulkPlanCardTests
{
    private static readonly Licence Ucm = L("L-UCM-OLD", "Unified CM - Enhanced", "Sub-OLD");

    private static List<string> Texts(AdaptiveCard card) => card.Body.OfType<TextBlock>().Select(t => t.Text).ToList();

    [Fact]
    public void A_rule_warning_is_on_the_plan_card_with_its_row_and_the_row_can_still_be_confirmed()
    {
        var builder = new BulkPlanBuilder(new OrgSnapshot(new OrgLicences([ProOld, ProNew, Ucm]), [User("bob", Calling, ProOld), User("uma", Calling, ProOld, Ucm)]), "CSV users.csv");
        builder.AddChange(2, "bob@acme.test", [ProNew.Id], [ProOld.Id]);
        builder.AddChange(3, "uma@acme.test", [ProNew.Id], [ProOld.Id]);
        var plan = builder.Build();

        var card = BulkPlanCards.Summary(plan, "csvMove", "token");

        var texts = Texts(card);
        Assert.Contains("Worth knowing before you confirm (rows that will be applied; 1 in all):", texts);
        Assert.Contains(texts, t => t.StartsWith("Row 3, uma@acme.test: R1: Webex Calling together with Unified CM - Enhanced [Sub-OLD]", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.StartsWith("Row 2,", StringComparison.Ordinal));
        Assert.Equal(2, plan.Rows.Count);
        Assert.Equal(["Confirm…", "Cancel…"], card.Actions!.OfType<SubmitAction>().Select(a => a.Title));
    }

    [Fact]
    public void A_pending_external_users_row_is_a_problem_that_points_to_reset_and_an_active_external_user_moves()
    {
        var erin = User("erin", null, MsgOld) with { User = User("erin", null, MsgOld).User with { IsExternal = true, Status = UserStatus.Pending } };
        var oscar = User("oscar", null, MsgOld) with { User = User("oscar", null, MsgOld).User with { IsExternal = true } };
        var builder = new BulkPlanBuilder(Org(erin, oscar), "CSV users.csv");
        builder.AddChange(2, "erin@acme.test", [MeetOld.Id], []);
        builder.AddChange(3, "oscar@acme.test", [MeetOld.Id], []);

        var plan = builder.Build();

        var problem = Assert.Single(plan.Problems);
        Assert.Equal(2, problem.SourceRow);
        Assert.StartsWith("R8: erin@acme.test is an external user who has not signed in yet", problem.Reason.In(BotLanguage.English));
        Assert.Equal(["oscar@acme.test"], plan.Rows.Select(r => r.Email));
    }

    [Fact]
    public void A_subscription_move_counts_calling_moves_shows_calling_units_first_with_their_direction_and_names_what_moves()
    {
        var users = Enumerable.Range(0, 3).Select(i => User($"u{i}", Calling, ProOld, MsgOld, MeetOld)).ToArray();
        var msgNew = L("L-MSG-NEW", "Messaging", "Sub-NEW");
        var meetNew = L("L-MTG-NEW", "Meeting - Webex Meetings", "Sub-NEW", site: "acme.webex.com");
        var org = new OrgSnapshot(new OrgLicences([ProOld, ProNew, MsgOld, msgNew, MeetOld, meetNew, ProSusp]), users);

        var move = SubscriptionMovePlanner.Plan(org, "Sub-OLD", "Sub-NEW", "Move all from Sub-OLD to Sub-NEW");
        var texts = Texts(BulkPlanCards.Summary(move.Plan!, "subscriptionMove", "token"));
        var card = string.Join("\n", texts);

        Assert.Equal(3, move.Plan!.Count(ChangeKind.Move));
        Assert.Contains("From Sub-OLD to Sub-NEW, each licence to the one of the same name: Webex Calling - Professional, Messaging, Meeting - Webex Meetings (acme.webex.com).", card);
        var units = texts.SkipWhile(t => !t.StartsWith("Units per licence", StringComparison.Ordinal)).Skip(1).Take(6).ToList();
        Assert.Equal("Webex Calling - Professional [Sub-NEW]: 10 → 13 of 100 (+3)", units[0]);
        Assert.Equal("Webex Calling - Professional [Sub-OLD]: 10 → 7 of 100 (−3)", units[1]);
        Assert.Contains("Messaging [Sub-NEW]: 10 → 13 of 100 (+3)", units);
    }

    [Fact]
    public void A_licence_short_of_units_is_shown_even_when_the_units_list_is_cut_short()
    {
        var licences = Enumerable.Range(0, 15).Select(i => L($"L-X{i:D2}", $"Extra {i:D2}", "Sub-NEW")).ToList();
        var tight = L("L-ZZ", "Zulu", "Sub-NEW", total: 10, used: 10);
        var user = User("bob", Calling, ProOld);
        var org = new OrgSnapshot(new OrgLicences([ProOld, ProNew, tight, .. licences]), [user]);
        var builder = new BulkPlanBuilder(org, "CSV users.csv");
        builder.AddChange(2, "bob@acme.test", [.. licences.Select(l => l.Id), tight.Id], []);

        var texts = Texts(BulkPlanCards.Summary(builder.Build(), "csvMove", "token"));

        Assert.Contains("Zulu [Sub-NEW]: 10 → 11 of 10 (+1)", texts);
        Assert.Contains("… and 4 more licences: every one is in the plan CSV.", texts);
    }

    [Fact]
    public void A_plan_without_warnings_has_no_warnings_section()
    {
        var builder = new BulkPlanBuilder(Org(User("bob", Calling, ProOld)), "CSV users.csv");
        builder.AddChange(2, "bob@acme.test", [ProNew.Id], [ProOld.Id]);

        var texts = Texts(BulkPlanCards.Summary(builder.Build(), "csvMove", "token"));

        Assert.DoesNotContain(texts, t => t.StartsWith("Worth knowing", StringComparison.Ordinal));
    }
}
