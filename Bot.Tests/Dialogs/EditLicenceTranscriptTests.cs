using LicenseBot.Core.Cards;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Storage;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static LicenseBot.Tests.Dialogs.EditLicenceTranscript;

namespace LicenseBot.Tests.Dialogs;

/// <summary>Licence changes as an admin lives them in a Webex space: the whole bot, the simulator, real HTTP, no mocks.</summary>
public sealed class EditLicenceTranscriptTests
{
    private const string MoveToNew = "move bob@acme.test to Webex Calling - Professional [Sub-NEW]";

    [Fact]
    public async Task Move_from_sub_old_to_sub_new_keeps_number_extension_and_voicemail_and_nothing_changes_before_confirm()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");
        var callingBefore = await CallingAsync(space, DemoOrg.Ids.Person("P-BOB"));
        Assert.Contains("\"voicemail\"", callingBefore);

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, MoveToNew);
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("+ Webex Calling - Professional [Sub-NEW]", confirm.CardText);
        Assert.Contains("− Webex Calling - Professional [Sub-OLD]", confirm.CardText);
        Assert.Contains("+31201000002", confirm.CardText);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));

        await alice.SubmitAsync(confirm, "Confirm");
        var result = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        Assert.Contains("Done", result.CardText);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
        Assert.Equal(callingBefore, await CallingAsync(space, DemoOrg.Ids.Person("P-BOB")));
    }

    [Fact]
    public async Task Edit_card_offers_a_choice_per_family_and_applies_the_reviewed_change()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "edit bob@acme.test");
        var form = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Empty(CardRules.Check(CardJson.Deserialize(form.Card!.Value.GetRawText())));
        var inputs = Inputs(form);
        Assert.Equal(DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), inputs["family:Calling"]);
        Assert.Equal("Host", inputs["site:acme.webex.com"]);
        Assert.Contains("None", form.CardText);

        await alice.SubmitAsync(form, "Review", Inputs(form, ("family:Calling", DemoOrg.Ids.Licence("L-CALL-PRO-NEW")), ("family:Messaging", DemoOrg.Ids.Licence("L-MSG-NEW"))));
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("+ Messaging [Sub-NEW]", confirm.CardText);
        Assert.Empty(CardRules.Check(CardJson.Deserialize(confirm.Card!.Value.GetRawText())));
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));

        await alice.SubmitAsync(confirm, "Confirm");
        var result = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Done", result.CardText);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-NEW") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
        Assert.Contains("Tracking id", result.CardText);
    }

    [Fact]
    public async Task Removing_calling_needs_two_confirmations_and_erases_calling_data_only_after_the_second()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "edit bob@acme.test");
        var form = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        await alice.SubmitAsync(form, "Review", Inputs(form, ("family:Calling", "none")));
        var first = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("second confirmation follows", first.CardText);
        await alice.SubmitAsync(first, "Confirm");

        var second = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("lost for good", second.CardText);
        Assert.Contains("+31201000002", second.CardText);
        Assert.Contains("Voicemail", second.CardText);
        Assert.Contains("\"destructive\"", second.Card!.Value.GetRawText());
        Assert.Contains("\"phoneNumber\":\"+31201000002\"", await CallingAsync(space, DemoOrg.Ids.Person("P-BOB")));

        await alice.SubmitAsync(second, "Confirm removal");
        var result = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Done", result.CardText);
        Assert.Equal("null", await CallingAsync(space, DemoOrg.Ids.Person("P-BOB")));
        Assert.Equal([DemoOrg.Ids.Licence("L-MSG-OLD")], await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
    }

    [Fact]
    public async Task A_non_admin_is_refused_politely_and_changes_nothing()
    {
        await using var space = await BotSpace.StartAsync();
        var asked = await space.As("nora@acme.test").MentionAsync(DemoOrg.AdminsRoomId, MoveToNew);
        var reply = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("only full administrators", reply.Text);
        Assert.False(reply.HasCard);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
    }

    [Fact]
    public async Task Another_admins_click_is_refused_and_the_owner_can_still_confirm()
    {
        await using var space = await BotSpace.StartAsync(settings: new Dictionary<string, string?> { ["Bot:AllowedAdmins:0"] = "nora@acme.test" });
        var alice = space.As("alice@acme.test");
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, MoveToNew);
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        await space.As("nora@acme.test").SubmitAsync(confirm, "Confirm");
        var refusal = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("only the admin who started this change", refusal.Text);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));

        await alice.SubmitAsync(confirm, "Confirm");
        Assert.Contains("Done", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).CardText);
    }

    [Fact]
    public async Task A_double_click_applies_once()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, MoveToNew);
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        await Task.WhenAll(alice.SubmitAsync(confirm, "Confirm"), alice.SubmitAsync(confirm, "Confirm"));
        var answers = new[] { await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id), await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id) };

        Assert.Single(answers, a => a.CardText.Contains("Done"));
        Assert.Single(answers, a => a.Text?.Contains("already used") == true);

        var audit = await alice.MentionAsync(DemoOrg.AdminsRoomId, "audit bob@acme.test");
        var entries = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, audit.Id);
        Assert.Single(entries.CardText.Split('\n'), line => line.Contains("bob@acme.test") && line.Contains("Applied"));
        // One room's events are handled in order: by the time the audit is answered, both clicks' turns are over, so a
        // third answer would be there now (no waiting for a quiet period, which proves nothing on a slow machine).
        Assert.Equal(3, (await space.BotMessagesAsync(DemoOrg.AdminsRoomId)).Count(m => m.ParentId == asked.Id));
    }

    [Fact]
    public async Task An_expired_confirmation_is_refused_and_changes_nothing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var space = await BotSpace.StartAsync(services: s => s.AddSingleton<IConfirmationService>(sp =>
            new ConfirmationService(sp.GetRequiredService<IBotDatabase>(), clock, sp.GetRequiredService<IOptions<BotOptions>>())));
        var alice = space.As("alice@acme.test");
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, MoveToNew);
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        clock.Advance(TimeSpan.FromMinutes(11));
        await alice.SubmitAsync(confirm, "Confirm");

        var reply = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("expired", reply.Text);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
    }

    [Fact]
    public async Task A_stale_plan_is_refused_and_the_change_made_meanwhile_is_kept()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");
        var first = await alice.MentionAsync(DemoOrg.AdminsRoomId, MoveToNew);
        var staleConfirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, first.Id);

        var other = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"move bob@acme.test to {DemoOrg.Ids.Licence("L-MSG-NEW")}");
        await alice.SubmitAsync(await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, other.Id), "Confirm");
        Assert.Contains("Done", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, other.Id)).CardText);

        await alice.SubmitAsync(staleConfirm, "Confirm");
        var reply = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, first.Id);
        Assert.Contains("changed since this plan", reply.Text);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-NEW") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
    }

    [Fact]
    public async Task A_206_is_reported_as_a_partial_failure_naming_the_licence_that_did_not_apply()
    {
        await using var space = await BotSpace.StartAsync(settings: new Dictionary<string, string?> { ["Sandbox:PartialRate"] = "1" });
        var alice = space.As("alice@acme.test");
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, MoveToNew);
        await alice.SubmitAsync(await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id), "Confirm");

        var result = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Only part of the change", result.CardText);
        Assert.Contains("NOT removed: Webex Calling - Professional [Sub-OLD]", result.CardText);
        Assert.DoesNotContain("Done", result.CardText);
    }

    [Fact]
    public async Task An_ambiguous_licence_is_chosen_on_a_card_never_guessed()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "move bob@acme.test to Webex Calling - Professional");
        var choose = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("More than one licence matches", choose.CardText);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));

        await alice.SubmitAsync(choose, "Review", new Dictionary<string, string> { ["licence"] = DemoOrg.Ids.Licence("L-CALL-PRO-NEW") });
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("+ Webex Calling - Professional [Sub-NEW]", confirm.CardText);
    }

    [Theory]
    [InlineData("edit nobody@acme.test", "Nobody with the address nobody@acme.test")]
    [InlineData("edit bob-at-acme", "is not an e-mail address")]
    [InlineData("move bob@acme.test", "Tell me who and where to")]
    public async Task Bad_input_gets_a_clear_answer(string command, string expected)
    {
        await using var space = await BotSpace.StartAsync();
        var asked = await space.As("alice@acme.test").MentionAsync(DemoOrg.AdminsRoomId, command);
        var reply = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains(expected, reply.Text);
        Assert.DoesNotContain("Exception", reply.Text);
    }

    [Fact]
    public async Task Licences_and_user_commands_show_subscriptions_families_units_and_calling_data()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");
        var licences = await alice.MentionAsync(DemoOrg.AdminsRoomId, "licences");
        var overview = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, licences.Id);
        Assert.Contains("Sub-SUSP", overview.CardText);
        Assert.Contains("suspended", overview.CardText);
        Assert.Contains("Attendant Console", overview.CardText);
        Assert.Contains("free", overview.CardText);
        Assert.Empty(CardRules.Check(CardJson.Deserialize(overview.Card!.Value.GetRawText())));

        var user = await alice.MentionAsync(DemoOrg.AdminsRoomId, "user bob@acme.test");
        var details = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, user.Id);
        Assert.Contains("+31201000002", details.CardText);
        Assert.Contains("1002", details.CardText);
        Assert.DoesNotContain(DemoOrg.Ids.Location("LOC-AMS"), details.CardText); // no location id: the bot cannot read its name
        Assert.Contains("Webex Calling - Professional [Sub-OLD]", details.CardText);
    }

    [Fact]
    public async Task A_webex_refusal_at_apply_time_is_answered_with_its_message_and_tracking_id()
    {
        var seed = DemoOrg.Build(20);
        var basic = seed.Licenses!.FindIndex(l => l.Id == DemoOrg.Ids.Licence("L-CALL-BASIC-NEW"));
        seed.Licenses[basic] = seed.Licenses[basic] with { TotalUnits = 1 };
        await using var space = await BotSpace.StartAsync(seed);
        var alice = space.As("alice@acme.test");
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"move bob@acme.test to {DemoOrg.Ids.Licence("L-CALL-BASIC-NEW")}");
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("0 of 1 free after", confirm.CardText);

        // Meanwhile someone takes the last unit in Control Hub.
        var body = $$$"""{"email":"nora@acme.test","licenses":[{"id":"{{{DemoOrg.Ids.Licence("L-CALL-BASIC-NEW")}}}","operation":"add","properties":{"locationId":"{{{DemoOrg.Ids.Location("LOC-AMS")}}}","extension":"1099"}}]}""";
        await space.SendAsync(HttpMethod.Patch, "licenses/users", "alice-token", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await alice.SubmitAsync(confirm, "Confirm");
        var result = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Webex refused the change", result.CardText);
        Assert.Contains("Webex said", result.CardText);
        Assert.Matches(@"Tracking id\n[^-\s]\S+", result.CardText);
        Assert.DoesNotContain("Exception", result.CardText);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
    }

    [Fact]
    public async Task Cancel_on_the_confirmation_changes_nothing_and_the_card_cannot_confirm_afterwards()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, MoveToNew);
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        await alice.SubmitAsync(confirm, "Cancel");
        Assert.Contains("Cancelled", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).Text);
        await alice.SubmitAsync(confirm, "Confirm");
        Assert.Contains("already used", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).Text);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
    }
}
