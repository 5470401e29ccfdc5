using System.Text.Json;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Text;
using static LicenseBot.Tests.Licensing.LicensingTestData;

namespace LicenseBot.Tests.Licensing;

public sealed class ChangePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 11, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, MeetingAccountType> NoTypes = [];

    private static ChangePlan Plan(LicensedUser user, ChangeRequest request, IReadOnlySet<string>? attendee = null) =>
        ChangePlanner.Plan("plan-1", Now, Org(), user, request, attendee ?? new HashSet<string>());

    [Fact]
    public void Move_replaces_the_calling_licence_and_keeps_the_others()
    {
        var plan = Plan(User([ProOld, Msg, Meet], BobCalling), new MoveLicenceRequest("bob@acme.test", "P-ALICE", ProNew.Id));
        Assert.Equal([ProNew], plan.Added);
        Assert.Equal([ProOld], plan.Removed);
        Assert.Equal(["L-MSG", "L-MTG", "L-CALL-PRO-NEW"], plan.After.Select(l => l.Id));
        Assert.False(plan.IsBlocked);
        Assert.False(plan.RemovesCallingWithoutReplacement);
        Assert.Equal(["Sub-OLD", "Sub-NEW"], plan.SubscriptionsInvolved);
    }

    [Fact]
    public void Move_to_a_licence_the_org_lacks_is_blocked_without_showing_its_id()
    {
        var plan = Plan(User([ProOld], BobCalling), new MoveLicenceRequest("bob@acme.test", "P-ALICE", "L-NOPE"));
        Assert.True(plan.IsBlocked);
        Assert.Contains(plan.Violations, v => v.RuleId == ChangePlanner.UnknownLicence && !v.Text.In(BotLanguage.English).Contains("L-NOPE"));
    }

    [Fact]
    public void Move_to_a_licence_the_user_already_has_changes_nothing() =>
        Assert.True(Plan(User([ProNew], BobCalling), new MoveLicenceRequest("bob@acme.test", "P-ALICE", ProNew.Id)).IsEmpty);

    [Fact]
    public void Units_after_count_one_unit_taken_and_one_freed()
    {
        var plan = Plan(User([ProOld], BobCalling), new MoveLicenceRequest("bob@acme.test", "P-ALICE", ProNew.Id));
        Assert.Contains(plan.Units, u => u.LicenceId == ProNew.Id && u.FreeNow == 9 && u.FreeAfter == 8);
        Assert.Contains(plan.Units, u => u.LicenceId == ProOld.Id && u.FreeNow == 9 && u.FreeAfter == 10);
    }

    [Fact]
    public void Edit_that_drops_calling_is_destructive_and_warned_not_blocked()
    {
        var plan = Plan(User([ProOld, Msg], BobCalling), new EditLicencesRequest("bob@acme.test", "P-ALICE", [Msg.Id], NoTypes));
        Assert.True(plan.RemovesCallingWithoutReplacement);
        Assert.False(plan.IsBlocked);
        Assert.Contains(plan.Warnings, w => w.RuleId == "R5");
    }

    [Fact]
    public void Edit_collects_every_violation_with_its_rule_id()
    {
        var plan = Plan(User([ProOld], BobCalling), new EditLicencesRequest("bob@acme.test", "P-ALICE", [Standard.Id, CxEss.Id, AttConsole.Id], NoTypes));
        Assert.Equal(new HashSet<string> { "R2", "R3", "R12" }, plan.Violations.Select(v => v.RuleId).ToHashSet());
    }

    [Fact]
    public void Licences_the_org_no_longer_lists_are_kept_not_dropped()
    {
        var user = User([ProOld], BobCalling) with { LicenceIds = ["L-CALL-PRO-OLD", "L-GONE"] };
        var plan = Plan(user, new MoveLicenceRequest("bob@acme.test", "P-ALICE", ProNew.Id));
        Assert.Contains(plan.After, l => l.Id == "L-GONE" && l.Family == ServiceFamily.Other);
        Assert.DoesNotContain(plan.Removed, l => l.Id == "L-GONE");
    }

    [Fact]
    public void Attendee_choice_becomes_a_site_change()
    {
        var types = new Dictionary<string, MeetingAccountType> { ["acme.webex.com"] = MeetingAccountType.Attendee };
        var plan = Plan(User([ProOld], BobCalling), new EditLicencesRequest("bob@acme.test", "P-ALICE", [ProOld.Id], types),
            new HashSet<string> { "acme.webex.com" });
        Assert.Equal([new SiteAccountChange("acme.webex.com", Add: true)], plan.SiteChanges);
        Assert.False(plan.IsEmpty);
        Assert.False(plan.IsBlocked);
    }

    [Fact]
    public void A_plan_survives_a_round_trip_through_json_for_conversation_state()
    {
        var plan = Plan(User([ProOld, Msg], BobCalling), new EditLicencesRequest("bob@acme.test", "P-ALICE", [Msg.Id], NoTypes));
        var back = JsonSerializer.Deserialize<ChangePlan>(JsonSerializer.Serialize(plan))!;
        Assert.Equal(plan.Removed, back.Removed);
        Assert.Equal(plan.User.Calling, back.User.Calling);
        Assert.Equal(plan.Findings, back.Findings);
        Assert.True(back.RemovesCallingWithoutReplacement);
    }
}
