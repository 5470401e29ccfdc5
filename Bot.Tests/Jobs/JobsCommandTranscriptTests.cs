using System.Text;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;
using static LicenseBot.Tests.Jobs.BulkSpace;

namespace LicenseBot.Tests.Jobs;

/// <summary>`jobs`, `cancel` and the plan card's buttons as an admin (and a non-admin) meets them, against the real bot and sandbox.</summary>
public sealed class JobsCommandTranscriptTests
{
    private const string Refused = "only full administrators of this org";

    /// <summary>The bulk org with Nora, a member of the admins' space who is not an admin.</summary>
    private static SeedDocument WithNora(int users)
    {
        var seed = Seed(users);
        var nora = new SeedPerson
        {
            Id = DemoOrg.Ids.Person("P-NORA"), Email = "nora@acme.test", DisplayName = "Nora Member", FirstName = "Nora", LastName = "Member",
            Roles = [], Status = "active", Token = "nora-token", Licenses = [DemoOrg.Ids.Licence("L-MSG-OLD")],
        };
        return seed with
        {
            People = [.. seed.People!, nora],
            Rooms = [new(DemoOrg.AdminsRoomId, "Licence admins", "group", ["alice@acme.test", "nora@acme.test", "licensebot@webex.bot"])],
        };
    }

    [Fact]
    public async Task A_non_admin_cannot_list_jobs_nor_cancel_one_by_command_or_button()
    {
        await using var space = await BotSpace.StartAsync(WithNora(2));
        var (alice, nora) = (space.As("alice@acme.test"), space.As("nora@acme.test"));
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(MoveFile([1, 2])), $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan");

        var jobs = await nora.MentionAsync(DemoOrg.AdminsRoomId, "jobs");
        var answer = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, jobs.Id);
        Assert.False(answer.HasCard, $"Nora got the jobs card: {answer.CardText}");
        Assert.Contains(Refused, answer.Text);

        var cancel = await nora.MentionAsync(DemoOrg.AdminsRoomId, "cancel");
        Assert.Contains(Refused, (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, cancel.Id)).Text);

        await alice.SubmitAsync(plan, "Confirm");
        var started = await space.CardAsync(upload.ThreadId, "starts now");
        await nora.SubmitAsync(started, "Cancel");
        await space.TextAsync(upload.ThreadId, Refused);
    }

    [Fact]
    public async Task A_plan_never_confirmed_shows_as_expired_once_its_confirmation_ran_out_and_each_job_says_who_asked_and_when()
    {
        await using var space = await BotSpace.StartAsync(Seed(2), new Dictionary<string, string?> { ["Bot:ConfirmationTtl"] = "00:00:08" });
        var alice = space.As("alice@acme.test");
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(MoveFile([1, 2])), $"<@personId:{space.BotId}|LicenseBot>");
        var first = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, upload.ThreadId);
        Assert.Equal("Reading users.csv…", first.Text); // said once, before the slow part
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan");

        var fresh = await alice.MentionAsync(DemoOrg.AdminsRoomId, "jobs");
        var listed = (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, fresh.Id)).CardText;
        Assert.Contains("waiting for confirmation", listed);
        Assert.Matches(@"asked by Alice Admin, \d{1,2} [A-Z][a-z]{2} \d{2}:\d{2} UTC", listed);
        Assert.DoesNotContain(DemoOrg.Ids.Person("P-ALICE"), listed);

        await Task.Delay(TimeSpan.FromSeconds(9));
        var later = await alice.MentionAsync(DemoOrg.AdminsRoomId, "jobs");
        listed = (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, later.Id)).CardText;
        Assert.Contains("not confirmed (expired)", listed);
        Assert.DoesNotContain("waiting for confirmation", listed);

        await alice.SubmitAsync(plan, "Confirm");
        await space.TextAsync(upload.ThreadId, "Upload the file again to plan anew");
        Assert.DoesNotContain(ProNew, (await space.UserAsync(Id(1))).Licences);
    }

    [Fact]
    public async Task Move_all_is_confirmed_by_the_admins_name_and_a_second_click_says_to_ask_again_not_to_upload_a_file()
    {
        await using var space = await BotSpace.StartAsync(Seed(1));
        var alice = space.As("alice@acme.test");
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "move all from Sub-OLD to Sub-NEW");
        var plan = await space.CardAsync(asked.ThreadId, "Bulk plan");

        await alice.SubmitAsync(plan, "Confirm");
        var started = await space.CardAsync(asked.ThreadId, "starts now");
        Assert.Matches(@"^Confirmed by Alice Admin: job J[A-Z0-9]{6} starts now with 1 row\. ", started.CardText);
        Assert.DoesNotContain(DemoOrg.Ids.Person("P-ALICE"), started.CardText);

        await alice.SubmitAsync(plan, "Confirm");
        var again = await space.TextAsync(asked.ThreadId, "already confirmed or cancelled");
        Assert.Contains("Say the same `move all from <subscription> to <subscription>` again", again.Text);
        Assert.DoesNotContain("Upload the file", again.Text);
    }

    [Fact]
    public async Task Export_says_it_is_working_once_before_the_file()
    {
        await using var space = await BotSpace.StartAsync(Seed(2));
        var asked = await space.As("alice@acme.test").MentionAsync(DemoOrg.AdminsRoomId, "export");

        Assert.Equal("Exporting the users of this org…", (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.ThreadId)).Text);
        var file = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.ThreadId);
        Assert.Single(file.Files);
        Assert.StartsWith("Users CSV — users: 4; licence columns: 4.", file.Text); // Alice, Sam and two users; reads right for 1 too
    }
}
