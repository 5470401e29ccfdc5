using System.Text;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;
using LicenseBot.Tests.Jobs;
using static LicenseBot.Tests.Dialogs.EditLicenceTranscript;

namespace LicenseBot.Tests.Language;

/// <summary>
/// The admin's language as it is lived in a space: chosen with <c>language nl|en</c>, or taken from the person's
/// (or the org's) preferred language in Webex, else English — the whole bot against the sandbox, no mocks.
/// </summary>
public sealed class LanguageTranscriptTests
{
    [Fact]
    public async Task An_admin_who_said_language_nl_edits_a_user_on_Dutch_cards_and_gets_English_back_with_language_en()
    {
        await using var space = await BotSpace.StartAsync();
        var alice = space.As("alice@acme.test");

        var chose = await alice.MentionAsync(DemoOrg.AdminsRoomId, "language nl");
        Assert.Equal("Vanaf nu antwoord ik u in het Nederlands.", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, chose.Id)).Text);

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "edit bob@acme.test");
        var form = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Licenties van Bob Builder bewerken", form.CardText);
        Assert.Contains("de huidige licenties zijn geselecteerd", form.CardText);
        Assert.Contains("Wijzigingen controleren…", form.CardText);
        Assert.DoesNotContain("Review", form.CardText);

        await alice.SubmitAsync(form, "Wijzigingen controleren", Inputs(form, ("family:Calling", DemoOrg.Ids.Licence("L-CALL-PRO-NEW"))));
        var confirm = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Licentiewijziging voor Bob Builder bevestigen", confirm.CardText);
        Assert.Contains("Belgegevens die meegaan", confirm.CardText);
        Assert.Contains("toestelnummer 1002", confirm.CardText);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));

        await alice.SubmitAsync(confirm, "Bevestigen");
        var result = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Klaar: de licenties van Bob Builder zijn gewijzigd.", result.CardText);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), await LicencesAsync(space, DemoOrg.Ids.Person("P-BOB")));

        // Remembered: a new command in another thread is Dutch too, until the admin switches back.
        var help = await alice.MentionAsync(DemoOrg.AdminsRoomId, "hulp");
        Assert.Contains("Opdrachten", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, help.Id)).CardText);
        var back = await alice.MentionAsync(DemoOrg.AdminsRoomId, "language en");
        Assert.Equal("From now on I answer you in English.", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, back.Id)).Text);
        var english = await alice.MentionAsync(DemoOrg.AdminsRoomId, "help");
        Assert.Contains("Commands", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, english.Id)).CardText);
    }

    [Fact]
    public async Task A_person_whose_Webex_preferred_language_is_nl_NL_gets_Dutch_without_asking()
    {
        var seed = DemoOrg.Build();
        seed = seed with { People = seed.People!.Select(p => p.Email == "alice@acme.test" ? p with { PreferredLanguage = "nl_NL" } : p).ToList() };
        await using var space = await BotSpace.StartAsync(seed);
        var alice = space.As("alice@acme.test");

        var help = await alice.MentionAsync(DemoOrg.AdminsRoomId, "help");
        var card = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, help.Id);
        Assert.Contains("Opdrachten", card.CardText);
        Assert.Contains("De licenties van één gebruiker wijzigen", card.CardText);

        var which = await alice.MentionAsync(DemoOrg.AdminsRoomId, "language");
        Assert.Equal(
            "Ik antwoord u in het Nederlands (uw voorkeurstaal in Webex). Typ `language nl` voor Nederlands of `language en` voor Engels.",
            (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, which.Id)).Text);

        var unknown = await alice.MentionAsync(DemoOrg.AdminsRoomId, "koffie graag");
        Assert.Contains("Ik ken \"koffie graag\" niet.", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, unknown.Id)).CardText);
    }

    [Fact]
    public async Task The_orgs_default_language_counts_for_people_without_one_and_their_own_choice_beats_it()
    {
        var seed = DemoOrg.Build();
        seed = seed with { Org = seed.Org! with { PreferredLanguage = "nl_NL" } };
        await using var space = await BotSpace.StartAsync(seed);
        var alice = space.As("alice@acme.test");

        var which = await alice.MentionAsync(DemoOrg.AdminsRoomId, "taal");
        Assert.StartsWith("Ik antwoord u in het Nederlands (de standaardtaal van uw organisatie in Webex).", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, which.Id)).Text);

        var chose = await alice.MentionAsync(DemoOrg.AdminsRoomId, "language english");
        Assert.Equal("From now on I answer you in English.", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, chose.Id)).Text);
        var user = await alice.MentionAsync(DemoOrg.AdminsRoomId, "user bob@acme.test");
        Assert.Contains("Licences", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, user.Id)).CardText);

        // The choice is the bot's memory, not the process's: it survives a restart.
        await space.RestartAsync();
        var again = await alice.MentionAsync(DemoOrg.AdminsRoomId, "language");
        Assert.StartsWith("I answer you in English (you chose it).", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, again.Id)).Text);
    }

    [Fact]
    public async Task A_Dutch_admin_moves_users_with_a_plain_excel_csv_and_reads_plan_progress_and_results_in_Dutch()
    {
        var seed = BulkSpace.Seed(5);
        seed = seed with { People = seed.People!.Select(p => p.Email == "alice@acme.test" ? p with { PreferredLanguage = "nl_NL" } : p).ToList() };
        await using var space = await BotSpace.StartAsync(seed);
        var alice = space.As("alice@acme.test");

        // Excel's plain "CSV" on a Dutch Windows: Windows-1252, semicolons, WAAR/ONWAAR, and an accented name.
        var text = BulkSpace.MoveFile(Enumerable.Range(1, 5), ';', "WAAR", "ONWAAR").Replace(";User 1;", ";Béatrice Dupré;");
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "gebruikers.csv", CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text), $"<@personId:{space.BotId}|LicenseBot> alstublieft");

        var plan = await space.CardAsync(upload.ThreadId, "Bulkplan", TimeSpan.FromSeconds(30));
        Assert.Contains("Calling-verplaatsingen\n5", plan.CardText);
        Assert.Contains("Webex Calling - Professional [Sub-NEW]: 0 → 5 van 5.000", plan.CardText);
        Assert.Contains("ik heb het gelezen als Windows-1252", plan.CardText);
        var planFile = await space.DownloadAsync(await space.FileAsync(upload.ThreadId, "Plan"));
        Assert.StartsWith("Rij,E-mail,Voor,Na,Wijziging,Probleem\r\n", planFile);
        Assert.All(BulkSpace.CsvLines(planFile), r => Assert.Equal("verplaatsen", r[4]));

        await alice.SubmitAsync(plan, "Bevestigen");
        await space.CardAsync(upload.ThreadId, "start nu met 5 rijen");
        var result = await space.CardAsync(upload.ThreadId, "klaar (taak", TimeSpan.FromSeconds(60));
        Assert.Contains("Gelukt\n5", result.CardText);
        var results = await space.DownloadAsync(await space.FileAsync(upload.ThreadId, "Resultaten"));
        Assert.StartsWith("Rij,E-mail,Voor,Na,Resultaat,Fout,Tracking-ID\r\n", results);
        Assert.All(BulkSpace.CsvLines(results), r => Assert.Equal("gelukt", r[4]));
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-OLD"), BulkSpace.ProNew }.Order(), (await space.UserAsync(BulkSpace.Id(1))).Licences.Order());
    }
}
