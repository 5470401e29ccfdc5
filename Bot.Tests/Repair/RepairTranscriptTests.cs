using LicenseBot.Tests.Reset;
using LicenseBot.Sandbox;
using System.Globalization;
using System.Text.Json;
using LicenseBot.Core.Journal;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using static LicenseBot.Tests.Dialogs.EditLicenceTranscript;

namespace LicenseBot.Tests.Repair;

/// <summary>
/// <c>repair &lt;email&gt;</c> as an admin lives it: the whole bot against the sandbox, real HTTP and signed webhooks.
/// The calling licence the bot added moments ago is removed and assigned again with the same number, extension and
/// location — only after two confirmations, and only while the audit log shows the bot added it recently (R9).
/// </summary>
public sealed class RepairTranscriptTests
{
    private const string MoveToNew = "move bob@acme.test to Webex Calling - Professional [Sub-NEW]";

    [Fact]
    public async Task A_calling_licence_added_by_an_edit_is_removed_and_assigned_again_with_the_same_number_extension_and_location()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");
        await MoveBobToSubNewAsync(space, alice);
        var before = await CallingOfAsync(space, DemoOrg.Ids.Person("P-BOB"));

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "repair bob@acme.test");
        var first = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Repair calling of Bob Builder?", first.CardText);
        Assert.Contains("Webex Calling - Professional [Sub-NEW]", first.CardText);
        Assert.Contains("Amsterdam", first.CardText);
        Assert.Contains("+31201000002", first.CardText);
        Assert.Contains("1002", first.CardText);
        Assert.DoesNotContain(DemoOrg.Ids.Location("LOC-AMS"), first.CardText + first.Text);
        Assert.Contains("A second confirmation follows", first.CardText);

        await alice.SubmitAsync(first, "Confirm");
        var second = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Remove Webex Calling - Professional [Sub-NEW] from Bob Builder and assign it again?", second.CardText);
        Assert.Contains("number +31201000002, extension 1002, location Amsterdam", second.CardText);
        Assert.Contains("\"destructive\"", second.Card!.Value.GetRawText());
        // Nothing changes before the second, explicit confirmation.
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
        Assert.Equal(before, await CallingOfAsync(space, DemoOrg.Ids.Person("P-BOB")));

        await alice.SubmitAsync(second, "Remove and assign again");
        Assert.Contains("Repairing calling of Bob Builder", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).Text);
        var result = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Done: the calling licence of Bob Builder is assigned again", result.CardText);
        Assert.Contains("+31201000002 — back", result.CardText);
        Assert.Contains("1002 — back", result.CardText);
        Assert.Contains("Amsterdam — back", result.CardText);
        Assert.Contains("Webex Calling - Professional [Sub-NEW], Messaging [Sub-OLD]", result.CardText);

        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
        Assert.Equal(before, await CallingOfAsync(space, DemoOrg.Ids.Person("P-BOB")));

        // The audit log: the edit's move, then the two steps of the repair.
        var entries = await space.Services.GetRequiredService<IAuditLog>().LatestAsync("bob@acme.test", 10, CancellationToken.None);
        Assert.Equal(3, entries.Count);
        Assert.Equal([DemoOrg.Ids.Licence("L-MSG-OLD")], entries[1].After);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), entries[0].After.Order());
        Assert.All(entries.Take(2), e => Assert.Equal("Applied", e.Outcome));
        var audit = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, (await alice.MentionAsync(DemoOrg.AdminsRoomId, "audit bob@acme.test")).Id);
        Assert.Contains("Repair step 1 of 2", audit.CardText);
        Assert.Contains("Repair step 2 of 2", audit.CardText);
    }

    [Fact]
    public async Task A_calling_licence_added_longer_ago_than_the_window_is_refused_with_the_date_it_was_added_in_Dutch()
    {
        await using var space = await BotSpace.StartAsync(settings: new Dictionary<string, string?> { ["Repair:Window"] = "00:00:02" });
        var alice = space.As("alice@acme.test");
        await MoveBobToSubNewAsync(space, alice);
        var added = (await space.Services.GetRequiredService<IAuditLog>().LatestAsync("bob@acme.test", 1, CancellationToken.None))[0].At;
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, (await alice.MentionAsync(DemoOrg.AdminsRoomId, "language nl")).Id);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "repair bob@acme.test");
        var refusal = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        Assert.False(refusal.HasCard);
        Assert.StartsWith("R9: Webex Calling - Professional [Sub-NEW] is op ", refusal.Text);
        Assert.Contains(added.UtcDateTime.ToString("d MMM yyyy HH:mm", DutchDates) + " UTC aan Bob Builder toegevoegd", refusal.Text);
        Assert.Contains("meer dan 0 uur geleden", refusal.Text);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
    }

    [Fact]
    public async Task Users_without_a_calling_licence_with_calling_the_bot_did_not_add_and_unknown_addresses_are_refused_with_the_reason()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");

        Assert.Equal("R9: Nora Member (nora@acme.test) holds no calling licence, so there is nothing to repair.", await AnswerAsync(space, alice, "repair nora@acme.test"));
        Assert.Contains("My audit log does not show me adding Webex Calling - Professional [Sub-OLD] to Bob Builder", await AnswerAsync(space, alice, "repair bob@acme.test"));
        Assert.Contains("in the last 24 hours", await AnswerAsync(space, alice, "repair bob@acme.test"));
        Assert.Equal("Nobody with the address nobody@nowhere.example is in this org.", await AnswerAsync(space, alice, "repair nobody@nowhere.example"));
        Assert.Contains("`repair bob@example.com`", await AnswerAsync(space, alice, "repair"));

        // Dutch: the same refusal in the admin's language.
        await AnswerAsync(space, alice, "language nl");
        Assert.Equal("R9: Nora Member (nora@acme.test) heeft geen Calling-licentie, dus er valt niets te herstellen.", await AnswerAsync(space, alice, "repair nora@acme.test"));
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
    }

    [Fact]
    public async Task A_non_admin_is_refused_and_cannot_click_an_admins_repair_card()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");
        var nora = space.As("nora@acme.test");
        await MoveBobToSubNewAsync(space, alice);
        var before = await CallingOfAsync(space, DemoOrg.Ids.Person("P-BOB"));

        Assert.Contains("only full administrators", await AnswerAsync(space, nora, "repair bob@acme.test"));

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "repair bob@acme.test");
        var first = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        await nora.SubmitAsync(first, "Confirm");
        Assert.Contains("only full administrators", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).Text);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
        Assert.Equal(before, await CallingOfAsync(space, DemoOrg.Ids.Person("P-BOB")));
    }

    [Fact]
    public async Task A_second_click_on_either_confirmation_changes_nothing_more_and_cancel_changes_nothing()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");
        await MoveBobToSubNewAsync(space, alice);

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "repair bob@acme.test");
        var first = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        await alice.SubmitAsync(first, "Confirm");
        var second = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        // The first card again: its token is used up, no second removal card appears.
        await alice.SubmitAsync(first, "Confirm");
        Assert.Contains("already used", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).Text);

        await alice.SubmitAsync(second, "Remove and assign again");
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id); // repairing…
        Assert.Contains("assigned again", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).CardText);
        var audited = (await space.Services.GetRequiredService<IAuditLog>().LatestAsync("bob@acme.test", 10, CancellationToken.None)).Count;

        await alice.SubmitAsync(second, "Remove and assign again");
        Assert.Contains("already used", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).Text);
        Assert.Equal(audited, (await space.Services.GetRequiredService<IAuditLog>().LatestAsync("bob@acme.test", 10, CancellationToken.None)).Count);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));

        // A fresh repair, cancelled on the second card: nothing is sent.
        var again = await alice.MentionAsync(DemoOrg.AdminsRoomId, "repair bob@acme.test");
        await alice.SubmitAsync(await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, again.Id), "Confirm");
        var secondAgain = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, again.Id);
        await alice.SubmitAsync(secondAgain, "Cancel");
        Assert.Contains("Cancelled", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, again.Id)).Text);
        await alice.SubmitAsync(secondAgain, "Remove and assign again");
        Assert.Contains("already used", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, again.Id)).Text);
        Assert.Equal(audited, (await space.Services.GetRequiredService<IAuditLog>().LatestAsync("bob@acme.test", 10, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_user_changed_between_the_confirmations_and_the_run_is_left_as_it_is()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");
        await MoveBobToSubNewAsync(space, alice);
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "repair bob@acme.test");
        await alice.SubmitAsync(await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id), "Confirm");
        var second = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        var other = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"move bob@acme.test to {DemoOrg.Ids.Licence("L-MSG-NEW")}");
        await alice.SubmitAsync(await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, other.Id), "Confirm");
        Assert.Contains("Done", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, other.Id)).CardText);

        await alice.SubmitAsync(second, "Remove and assign again");
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id); // repairing…
        Assert.Contains("changed after you confirmed, so I changed nothing", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).Text);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-NEW") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
        Assert.Contains("+31201000002", await CallingOfAsync(space, DemoOrg.Ids.Person("P-BOB")));
    }

    [Fact]
    public async Task A_host_that_dies_between_removing_and_assigning_again_finishes_the_repair_after_a_restart()
    {
        await using var space = await BotSpace.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Repair:LeaseDuration"] = "00:00:02",
            ["Repair:PollInterval"] = "00:00:01",
        }, services: ResetInterruption.Register);
        var alice = space.As("alice@acme.test");
        await MoveBobToSubNewAsync(space, alice);
        var before = await CallingOfAsync(space, DemoOrg.Ids.Person("P-BOB"));
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "repair bob@acme.test");
        await alice.SubmitAsync(await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id), "Confirm");
        var second = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        var interruption = space.Services.GetRequiredService<ResetInterruption>();
        interruption.ArmAfterRemoval();
        await alice.SubmitAsync(second, "Remove and assign again");
        await interruption.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        // Step 1 done, step 2 never sent: the user has no calling licence and no calling data now.
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
        Assert.Equal("none", await CallingOfAsync(space, DemoOrg.Ids.Person("P-BOB")));

        await space.RestartAsync();

        BotMessage result;
        do result = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id, TimeSpan.FromSeconds(30));
        while (!result.HasCard);
        Assert.Contains("Done: the calling licence of Bob Builder is assigned again", result.CardText);
        Assert.Contains("Finished after an interruption", result.CardText);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
        Assert.Equal(before, await CallingOfAsync(space, DemoOrg.Ids.Person("P-BOB")));
    }

    private static readonly CultureInfo DutchDates = LicenseBot.Core.Text.BotLanguage.Dutch.Format;

    private static async Task MoveBobToSubNewAsync(BotSpace space, SpacePerson alice)
    {
        var move = await alice.MentionAsync(DemoOrg.AdminsRoomId, MoveToNew);
        await alice.SubmitAsync(await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, move.Id), "Confirm");
        Assert.Contains("Done", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, move.Id)).CardText);
    }

    /// <summary>Number, extension and location as the simulator holds them (voicemail starts afresh after a removal).</summary>
    private static async Task<string> CallingOfAsync(BotSpace space, string personId)
    {
        var calling = (await space.InspectAsync(personId)).GetProperty("calling");
        return calling.ValueKind == JsonValueKind.Null ? "none"
            : $"{calling.GetProperty("phoneNumber")}|{calling.GetProperty("extension")}|{calling.GetProperty("locationId")}";
    }

    private static async Task<string> AnswerAsync(BotSpace space, SpacePerson person, string text)
    {
        var asked = await person.MentionAsync(DemoOrg.AdminsRoomId, text);
        return (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).Text ?? "";
    }
}
