using System.Text.Json;
using LicenseBot.Core.Features.Reset;
using LicenseBot.Core.Journal;
using LicenseBot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Reset;

/// <summary>The external-user reset as admins use it: the whole bot and its sandbox, real HTTP and signed webhooks.</summary>
public sealed class ExternalResetTranscriptTests
{
    private const string Erin = "erin@partner.example";

    [Fact]
    public async Task Reset_of_a_pending_external_user_makes_them_pending_again_with_the_chosen_licences_after_one_confirmation()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"reset {Erin}");
        var choose = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Reset Erin External", choose.CardText);
        Assert.Contains("Messaging [Sub-OLD]", choose.CardText);

        await alice.SubmitAsync(choose, "Review", new Dictionary<string, string> { ["family:Messaging"] = DemoOrg.Ids.Licence("L-MSG-NEW"), ["family:Meetings"] = DemoOrg.Ids.Licence("L-MTG-NEW") });
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Confirm the reset of Erin External", confirm.CardText);
        Assert.Contains("Step 1", confirm.CardText);
        Assert.Contains("Step 2", confirm.CardText);
        Assert.Contains("+ Meeting - Webex Meetings (acme.webex.com) [Sub-NEW] (new)", confirm.CardText);
        await AssertUntouchedAsync(space); // nothing changes before Confirm

        await alice.SubmitAsync(confirm, "Confirm");
        var started = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Resetting Erin External", started.Text);
        var done = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Erin External is pending again", done.CardText);
        Assert.Contains("new invitation", done.CardText);

        Assert.Null(await PersonByIdAsync(space, DemoOrg.Ids.Person("P-ERIN")));
        var erin = await PersonByEmailAsync(space, Erin);
        Assert.NotNull(erin);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-NEW"), DemoOrg.Ids.Licence("L-MTG-NEW") }.Order(), Licences(erin.Value).Order());
        var record = await space.InspectAsync(erin.Value.GetProperty("id").GetString()!);
        Assert.Equal("pending", record.GetProperty("status").GetString());
        Assert.True(record.GetProperty("external").GetBoolean());

        var audit = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"audit {Erin}");
        var entries = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, audit.Id);
        Assert.Contains("step 1 of 2", entries.CardText);
        Assert.Contains("step 2 of 2", entries.CardText);
    }

    [Fact]
    public async Task Internal_active_external_and_unknown_users_are_refused_with_the_reason_and_non_admins_cannot_reset()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");

        Assert.Contains("is a user of this org, not an external user", await AnswerAsync(space, alice, "reset bob@acme.test"));
        Assert.Contains("not pending", await AnswerAsync(space, alice, "reset oscar@partner.example"));
        Assert.Contains("Nobody with the address nobody@nowhere.example", await AnswerAsync(space, alice, "reset nobody@nowhere.example"));
        Assert.Contains("only full administrators", await AnswerAsync(space, space.As("nora@acme.test"), $"reset {Erin}"));
        Assert.Contains("only full administrators", await AnswerAsync(space, space.As("nora@acme.test"), "external"));
        await AssertUntouchedAsync(space);
    }

    [Fact]
    public async Task Another_persons_click_on_the_confirmation_is_refused_and_changes_nothing()
    {
        // Nora may use licence commands (AllowedAdmins) but did not start this reset.
        await using var space = await BotSpace.StartAsync(settings: new Dictionary<string, string?> { ["Bot:AllowedAdmins:0"] = "nora@acme.test" });
        var alice = space.As("alice@acme.test");
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"reset {Erin}");
        var choose = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        await alice.SubmitAsync(choose, "Review");
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        await space.As("nora@acme.test").SubmitAsync(confirm, "Confirm");
        var refusal = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        Assert.Contains("only the admin who started this reset", refusal.Text);
        Assert.True(await space.StaysQuietAsync(DemoOrg.AdminsRoomId, asked.Id, TimeSpan.FromMilliseconds(500)));
        await AssertUntouchedAsync(space);

        await alice.SubmitAsync(confirm, "Cancel");
        Assert.Contains("Cancelled", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).Text);
        await alice.SubmitAsync(confirm, "Confirm");
        Assert.Contains("already used", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).Text);
        await AssertUntouchedAsync(space);
    }

    [Fact]
    public async Task The_external_list_shows_status_and_licences_and_its_reset_button_starts_the_reset()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "external");
        var list = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("External users (2)", list.CardText);
        Assert.Contains("Erin External (erin@partner.example)", list.CardText);
        Assert.Contains("Pending (invited", list.CardText);
        Assert.Contains("Oscar Outsider (oscar@partner.example)", list.CardText);
        Assert.Contains("active (cannot be reset)", list.CardText);
        Assert.Equal(["Reset…"], list.SubmitActions().Select(a => a.Title));

        await alice.SubmitAsync(list, "Reset", new Dictionary<string, string> { ["resetEmail"] = Erin });
        var choose = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Reset Erin External", choose.CardText);
    }

    [Fact]
    public async Task A_host_that_dies_between_the_two_steps_finishes_the_reset_after_a_restart_and_tells_the_admin()
    {
        await using var space = await BotSpace.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Reset:LeaseDuration"] = "00:00:03",
            ["Reset:PollInterval"] = "00:00:00.200",
        }, services: ResetInterruption.Register);
        var alice = space.As("alice@acme.test");
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"reset {Erin}");
        var choose = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        await alice.SubmitAsync(choose, "Review", new Dictionary<string, string> { ["family:Messaging"] = DemoOrg.Ids.Licence("L-MSG-NEW") });
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        var interruption = space.Services.GetRequiredService<ResetInterruption>();
        interruption.ArmAfterRemoval();

        await alice.SubmitAsync(confirm, "Confirm");
        await interruption.Reached.WaitAsync(SpaceClient.DefaultWait);
        Assert.Contains("Resetting Erin External", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).Text);
        // The run stopped between the steps: the admin is told it is journaled and will be resumed.
        Assert.Contains("stopped before it was finished", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).Text);
        Assert.Null(await PersonByEmailAsync(space, Erin)); // step 1 done, step 2 never sent
        Assert.Contains($"Reset of {Erin}: licences removed; adding the chosen ones again (step 2 of 2) is next.", await AnswerAsync(space, alice, "jobs"));

        await space.RestartAsync();

        var done = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id, TimeSpan.FromSeconds(60));
        Assert.Contains("Erin External is pending again", done.CardText);
        Assert.Contains("interrupted", done.CardText);
        var erin = await PersonByEmailAsync(space, Erin);
        Assert.NotNull(erin);
        Assert.Equal([DemoOrg.Ids.Licence("L-MSG-NEW")], Licences(erin.Value));
        Assert.Equal("pending", (await space.InspectAsync(erin.Value.GetProperty("id").GetString()!)).GetProperty("status").GetString());
        Assert.DoesNotContain(Erin, await AnswerAsync(space, alice, "jobs"));
    }

    private static async Task<string> AnswerAsync(BotSpace space, SpacePerson who, string command)
    {
        var asked = await who.MentionAsync(DemoOrg.AdminsRoomId, command);
        var answer = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        return answer.Text + answer.CardText;
    }

    private static async Task AssertUntouchedAsync(BotSpace space)
    {
        var erin = await PersonByIdAsync(space, DemoOrg.Ids.Person("P-ERIN"));
        Assert.NotNull(erin);
        Assert.Equal([DemoOrg.Ids.Licence("L-MSG-OLD")], Licences(erin.Value));
        Assert.Equal("pending", (await space.InspectAsync(DemoOrg.Ids.Person("P-ERIN"))).GetProperty("status").GetString());
    }

    private static async Task<JsonElement?> PersonByEmailAsync(BotSpace space, string email)
    {
        var page = await space.SendAsync(HttpMethod.Get, $"people?email={Uri.EscapeDataString(email)}", space.Sandbox.AdminToken);
        return page.GetProperty("items").EnumerateArray().Select(e => (JsonElement?)e.Clone()).FirstOrDefault();
    }

    private static async Task<JsonElement?> PersonByIdAsync(BotSpace space, string id)
    {
        try
        {
            return await space.SendAsync(HttpMethod.Get, $"people/{id}", space.Sandbox.AdminToken);
        }
        catch (HttpRequestException ex) when (ex.Message.Contains(" 404", StringComparison.Ordinal))
        {
            return null;
        }
    }

    private static List<string> Licences(JsonElement person) =>
        person.TryGetProperty("licenses", out var l) ? l.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
}
