using System.Text;
using LicenseBot.Tests.Harness;
using static LicenseBot.Tests.Jobs.BulkSpace;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Jobs;

/// <summary>
/// The template trap: after a <c>move all</c>, and after a CSV move that leaves a calling licence without users, the job's
/// result tells the admin that Control Hub's automatic licence assignment may still hand out the old licence, where to
/// change it, and that no API can — in the admin's language. A move that empties nothing says nothing of it.
/// </summary>
public sealed class TemplateTrapTranscriptTests
{
    public static TheoryData<string, string[]> Languages() => new()
    {
        { "en", ["Automatic licence assignment", "Users → Licence assignment", "Webex has no public API for the licence template"] },
        { "nl", ["Automatische licentietoewijzing", "Gebruikers → Licentietoewijzing", "Webex heeft geen openbare API voor de licentiesjabloon"] },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task After_move_all_the_result_warns_that_the_licence_template_may_still_hand_out_the_old_subscription(string language, string[] expected)
    {
        await using var space = await BotSpace.StartAsync(Seed(5));
        var alice = space.As("alice@acme.test");
        await SpeakAsync(space, alice, language);

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "move all from Sub-OLD to Sub-NEW");
        var plan = await space.WaitForAsync(asked.ThreadId, m => m.HasCard && m.SubmitActions().Count > 1, TimeSpan.FromSeconds(30));
        await alice.SubmitAsync(plan, language == "nl" ? "Bevestigen" : "Confirm");
        var result = await ResultAsync(space, asked.ThreadId, language);

        foreach (var text in expected) Assert.Contains(text, result.CardText);
        Assert.Contains("Sub-OLD", Section(result.CardText, expected[0]));
        foreach (var text in expected.Skip(1)) Assert.Contains(text, result.Markdown ?? "");
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task After_a_csv_move_that_empties_a_calling_licence_the_result_warns_about_the_licence_template(string language, string[] expected)
    {
        await using var space = await BotSpace.StartAsync(Seed(3));
        var alice = space.As("alice@acme.test");
        await SpeakAsync(space, alice, language);

        var thread = await UploadAndConfirmAsync(space, alice, [1, 2, 3], language);
        var result = await ResultAsync(space, thread, language);

        foreach (var text in expected) Assert.Contains(text, result.CardText);
        Assert.Contains(OldHeader, Section(result.CardText, expected[0]));
    }

    [Fact]
    public async Task A_csv_move_that_leaves_users_on_the_old_calling_licence_says_nothing_of_the_template()
    {
        await using var space = await BotSpace.StartAsync(Seed(3));
        var alice = space.As("alice@acme.test");

        var thread = await UploadAndConfirmAsync(space, alice, [1, 2], "en");
        var result = await ResultAsync(space, thread, "en");

        Assert.Contains("Done\n2", result.CardText);
        Assert.DoesNotContain("licence assignment", result.CardText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("template", result.Markdown ?? "", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task SpeakAsync(BotSpace space, SpacePerson admin, string language)
    {
        if (language == "en") return;
        var said = await admin.MentionAsync(DemoOrg.AdminsRoomId, $"language {language}");
        await space.Client.NextBotMessageAsync(DemoOrg.AdminsRoomId, said.Id);
    }

    private static async Task<string> UploadAndConfirmAsync(BotSpace space, SpacePerson admin, int[] users, string language)
    {
        var upload = await admin.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(MoveFile(users)), $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.WaitForAsync(upload.ThreadId, m => m.HasCard && m.SubmitActions().Count > 1, TimeSpan.FromSeconds(30));
        await admin.SubmitAsync(plan, language == "nl" ? "Bevestigen" : "Confirm");
        return upload.ThreadId;
    }

    private static Task<BotMessage> ResultAsync(BotSpace space, string thread, string language) =>
        space.CardAsync(thread, language == "nl" ? "klaar (taak" : "finished (job", TimeSpan.FromSeconds(60));

    /// <summary>The card's text from <paramref name="heading"/> on.</summary>
    private static string Section(string cardText, string heading) => cardText[cardText.IndexOf(heading, StringComparison.Ordinal)..];
}
