using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;
using static LicenseBot.Tests.Dialogs.EditLicenceTranscript;

namespace LicenseBot.Tests.Access;

/// <summary>
/// Who may change this org, as people meet it in the admins' space (whole bot, simulator, real HTTP): Alice (full admin of
/// Acme), Nora (of Acme, no admin role) and Gina Guest (a partner's administrator: full admin of her own org, in the space).
/// </summary>
public sealed class OrgBoundAccessTranscriptTests
{
    private const string MoveToNew = "move bob@acme.test to Webex Calling - Professional [Sub-NEW]";
    private const string NotAdmin = "Webex does not list you as one";
    private const string OtherOrg = "You belong to another org";
    private static readonly List<string> BobBefore = [.. new[] { DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order()];

    [Fact]
    public async Task A_guest_who_is_full_admin_of_another_org_is_refused_by_command_and_when_clicking_an_admins_cards()
    {
        await using var space = await BotSpace.StartAsync();
        var (alice, gina) = (space.As("alice@acme.test"), space.As(DemoOrg.GinaEmail));

        // The sandbox reports her roles at home: the bot must look at her org, not her roles.
        var seen = await space.SendAsync(HttpMethod.Get, $"people/{DemoOrg.GinaId}", space.Sandbox.AdminToken);
        Assert.Equal(DemoOrg.PartnerOrgId, seen.GetProperty("orgId").GetString());
        Assert.Contains("full_admin", seen.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        foreach (var command in new[] { MoveToNew, "edit bob@acme.test", "licences", "export" })
        {
            var asked = await gina.MentionAsync(DemoOrg.AdminsRoomId, command);
            var reply = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
            Assert.Contains(OtherOrg, reply.Text);
            Assert.False(reply.HasCard, $"'{command}' gave Gina a card: {reply.CardText}");
        }

        var edit = await alice.MentionAsync(DemoOrg.AdminsRoomId, "edit bob@acme.test");
        var form = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, edit.Id);
        await gina.SubmitAsync(form, "Review", Inputs(form, ("family:Calling", DemoOrg.Ids.Licence("L-CALL-PRO-NEW"))));
        Assert.Contains(OtherOrg, (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, edit.Id)).Text);

        var move = await alice.MentionAsync(DemoOrg.AdminsRoomId, MoveToNew);
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, move.Id);
        await gina.SubmitAsync(confirm, "Confirm");
        var refusal = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, move.Id);
        Assert.Contains(OtherOrg, refusal.Text);
        Assert.True(await space.StaysQuietAsync(DemoOrg.AdminsRoomId, move.Id, TimeSpan.FromMilliseconds(500)));
        Assert.Equal(BobBefore, await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));

        await alice.SubmitAsync(confirm, "Confirm"); // Gina's click left Alice's confirmation usable
        Assert.Contains("Done", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, move.Id)).CardText);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
    }

    [Fact]
    public async Task A_user_of_this_org_without_the_admin_role_is_refused_by_command_and_when_clicking_an_admins_card()
    {
        await using var space = await BotSpace.StartAsync();
        var (alice, nora) = (space.As("alice@acme.test"), space.As("nora@acme.test"));

        var asked = await nora.MentionAsync(DemoOrg.AdminsRoomId, "edit bob@acme.test");
        var reply = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains(NotAdmin, reply.Text);
        Assert.False(reply.HasCard);

        var move = await alice.MentionAsync(DemoOrg.AdminsRoomId, MoveToNew);
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, move.Id);
        await nora.SubmitAsync(confirm, "Confirm");
        Assert.Contains(NotAdmin, (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, move.Id)).Text);
        await nora.SubmitAsync(confirm, "Cancel");
        Assert.Contains(NotAdmin, (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, move.Id)).Text);
        Assert.Equal(BobBefore, await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));

        var help = await nora.MentionAsync(DemoOrg.AdminsRoomId, "help");
        Assert.True((await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, help.Id)).HasCard); // help stays open to everyone
    }

    [Theory]
    [InlineData("Gina@Partner.example")]
    [InlineData("P-GINA")]
    public async Task A_partners_admin_listed_in_AllowedAdmins_by_email_or_person_id_is_admitted_for_commands_and_clicks(string listed)
    {
        if (listed.StartsWith("P-", StringComparison.Ordinal)) listed = DemoOrg.Ids.Person(listed);
        await using var space = await BotSpace.StartAsync(settings: new Dictionary<string, string?> { ["Bot:AllowedAdmins:0"] = listed });
        var gina = space.As(DemoOrg.GinaEmail);

        var asked = await gina.MentionAsync(DemoOrg.AdminsRoomId, MoveToNew);
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("+ Webex Calling - Professional [Sub-NEW]", confirm.CardText);

        await gina.SubmitAsync(confirm, "Confirm"); // a card submit carries no e-mail: the bot matches her person record
        Assert.Contains("Done", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).CardText);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));
    }
}
