using System.Text;
using LicenseBot.Tests.Harness;
using static LicenseBot.Tests.Jobs.BulkSpace;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Licensing;

/// <summary>Safety principle 5 for bulk work: every row whose change was sent is in the audit log.</summary>
public sealed class BulkJobAuditTests
{
    [Fact]
    public async Task A_confirmed_csv_move_leaves_one_audit_entry_per_row_that_audit_shows()
    {
        await using var space = await BotSpace.StartAsync(Seed(3));
        var alice = space.As("alice@acme.test");
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "move.csv", Encoding.UTF8.GetBytes(MoveFile([1, 2, 3])), $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan");
        await alice.SubmitAsync(plan, "Confirm");
        Assert.Contains("Done\n3", (await space.CardAsync(upload.ThreadId, "finished", TimeSpan.FromSeconds(30))).CardText);

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"audit {Email(2)}");
        var card = (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id)).CardText;

        Assert.Single(card.Split('\n'), line => line.Contains(Email(2)) && line.Contains("Applied"));
        Assert.Matches(@"Job J[A-Z0-9]{6}, row 3\.", card);
        Assert.Contains("Asked by\nalice@acme.test", card);
        Assert.Contains("Webex Calling - Professional [Sub-OLD]", card); // before: names and subscriptions, not ids
        Assert.Contains("Webex Calling - Professional [Sub-NEW]", card); // after
        Assert.DoesNotContain(DemoOrg.Ids.Person("P-ALICE"), card);
        Assert.DoesNotContain(ProOld, card);
        Assert.DoesNotContain(Email(1), card);

        var all = await alice.MentionAsync(DemoOrg.AdminsRoomId, "audit");
        var everything = (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, all.Id)).CardText;
        Assert.All([1, 2, 3], i => Assert.Contains(Email(i), everything));
    }

    [Fact]
    public async Task A_job_run_in_English_is_shown_in_Dutch_in_the_audit_of_an_admin_who_reads_Dutch()
    {
        await using var space = await BotSpace.StartAsync(Seed(3));
        var alice = space.As("alice@acme.test");
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "move.csv", Encoding.UTF8.GetBytes(MoveFile([1, 2, 3])), $"<@personId:{space.BotId}|LicenseBot>");
        await alice.SubmitAsync(await space.CardAsync(upload.ThreadId, "Bulk plan"), "Confirm");
        Assert.Contains("Done\n3", (await space.CardAsync(upload.ThreadId, "finished", TimeSpan.FromSeconds(30))).CardText);

        var english = (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, (await alice.MentionAsync(DemoOrg.AdminsRoomId, $"audit {Email(2)}")).Id)).CardText;
        Assert.Matches(@"Job J[A-Z0-9]{6}, row 3\.", english);

        // The entry was written while the job spoke English; Alice now reads Dutch, and so does what the entry says.
        await space.Client.NextBotMessageAsync(DemoOrg.AdminsRoomId, (await alice.MentionAsync(DemoOrg.AdminsRoomId, "taal nl")).Id);
        var dutch = (await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, (await alice.MentionAsync(DemoOrg.AdminsRoomId, $"audit {Email(2)}")).Id)).CardText;

        Assert.Matches(@"Taak J[A-Z0-9]{6}, rij 3\.", dutch);
        Assert.DoesNotMatch(@"Job J[A-Z0-9]{6}, row 3", dutch);
        Assert.Contains("Webex Calling - Professional [Sub-NEW]", dutch);
    }
}
