using System.Text;
using LicenseBot.Tests.Harness;
using static LicenseBot.Tests.Jobs.BulkSpace;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Jobs;

/// <summary>The CSV move as an admin does it: export, flip the columns, upload, confirm — against the real bot and sandbox.</summary>
public sealed class CsvMoveTranscriptTests
{
    [Fact]
    public async Task Export_flip_upload_and_confirm_moves_300_users_keeping_their_calling_data()
    {
        await using var space = await BotSpace.StartAsync(Seed(300));
        var alice = space.As("alice@acme.test");

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "export");
        var export = await space.DownloadAsync(await space.FileAsync(asked.ThreadId, "Users CSV"));
        var lines = export.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal("User ID/Email (Required)", header[0]);
        Assert.Contains(OldHeader, header);
        Assert.Contains("Webex Calling - Professional [Sub-SUSP] (Suspended)", header);
        var (oldCol, newCol) = (Array.IndexOf(header, OldHeader), Array.IndexOf(header, NewHeader));
        Assert.Equal(303, lines.Length); // header, Alice, Sam, 300 users

        // The admin's edit: on every row holding the old calling licence, old FALSE and new TRUE.
        var edited = new StringBuilder(lines[0] + "\r\n");
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            if (cells[oldCol] == "TRUE") (cells[oldCol], cells[newCol]) = ("FALSE", "TRUE");
            edited.Append(string.Join(',', cells)).Append("\r\n");
        }
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(edited.ToString()), $"<@personId:{space.BotId}|LicenseBot> here you go");

        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan", TimeSpan.FromSeconds(30));
        Assert.Contains("Calling moves\n300", plan.CardText);
        Assert.Contains("Rows already as asked (ignored)\n2", plan.CardText);
        Assert.Contains("Webex Calling - Professional [Sub-NEW]: 0 → 300 of 5,000", plan.CardText);
        var planFile = CsvLines(await space.DownloadAsync(await space.FileAsync(upload.ThreadId, "Plan")));
        Assert.Equal(300, planFile.Count);

        // Nothing changes before Confirm.
        Assert.Contains(ProOld, (await space.UserAsync(Id(1))).Licences);

        await alice.SubmitAsync(plan, "Confirm");
        await space.CardAsync(upload.ThreadId, "starts now");
        var result = await space.CardAsync(upload.ThreadId, "finished", TimeSpan.FromSeconds(90));
        Assert.Contains("Done\n300", result.CardText);
        var results = CsvLines(await space.DownloadAsync(await space.FileAsync(upload.ThreadId, "Results")));
        Assert.Equal(300, results.Count);
        Assert.All(results, r => Assert.Equal("done", r[4]));

        foreach (var i in new[] { 1, 150, 300 })
        {
            var user = await space.UserAsync(Id(i));
            Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-OLD"), ProNew }.Order(), user.Licences.Order());
            Assert.Equal(("+3120" + (5000000 + i), (3000 + i).ToString(), true), (user.Phone, user.Extension, user.Voicemail));
        }
        Assert.Equal([ProSusp], (await space.UserAsync(DemoOrg.Ids.Person("P-SAM"))).Licences);
    }

    [Theory]
    [InlineData("dutch-excel")]
    [InlineData("utf16-tabs")]
    public async Task A_dutch_excel_file_and_a_utf16_file_are_planned_and_applied(string kind)
    {
        await using var space = await BotSpace.StartAsync(Seed(3));
        var alice = space.As("alice@acme.test");
        var bytes = kind == "dutch-excel"
            ? [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(MoveFile([1, 2, 3], ';', "WAAR", "ONWAAR"))]
            : new UnicodeEncoding(false, true).GetPreamble().Concat(Encoding.Unicode.GetBytes(MoveFile([1, 2, 3], '\t', "true", "false", "\n"))).ToArray();

        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, $"{kind}.csv", bytes, $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan");
        Assert.Contains("Calling moves\n3", plan.CardText);
        await alice.SubmitAsync(plan, "Confirm");
        var result = await space.CardAsync(upload.ThreadId, "finished", TimeSpan.FromSeconds(30));

        Assert.Contains("Done\n3", result.CardText);
        Assert.Contains(ProNew, (await space.UserAsync(Id(3))).Licences);
    }

    [Fact]
    public async Task Garbage_wrong_header_empty_and_oversized_files_each_get_a_clear_answer_and_change_nothing()
    {
        await using var space = await BotSpace.StartAsync(Seed(2));
        var alice = space.As("alice@acme.test");
        var mention = $"<@personId:{space.BotId}|LicenseBot>";
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        (string Name, byte[] Bytes, string Expect)[] files =
        [
            ("garbage.csv", garbage, "can't read this file as CSV text"),
            ("wrong.csv", Encoding.UTF8.GetBytes("Name,Licence\nbob,TRUE\n"), "no 'User ID/Email (Required)' column"),
            ("empty.csv", [], "The file is empty"),
            ("big.csv", Encoding.UTF8.GetBytes(MoveFile(Enumerable.Range(1, 20_001))), "more than 20,000 user rows"),
        ];

        foreach (var (name, bytes, expect) in files)
        {
            var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, name, bytes, mention);
            var answer = await space.WaitForAsync(upload.ThreadId, m => m.Text != $"Reading {name}…", TimeSpan.FromSeconds(30));
            Assert.False(answer.HasCard, $"{name}: expected a plain answer, got a card: {answer.CardText}");
            Assert.Contains(expect, answer.Text);
        }
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-OLD"), ProOld }.Order(), (await space.UserAsync(Id(1))).Licences.Order());
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-OLD"), ProOld }.Order(), (await space.UserAsync(Id(2))).Licences.Order());
    }

    [Fact]
    public async Task Rows_with_problems_are_listed_and_confirming_valid_rows_only_applies_the_rest()
    {
        await using var space = await BotSpace.StartAsync(Seed(3));
        var alice = space.As("alice@acme.test");
        var text = MoveFile([1, 2]) + "nobody@acme.test,X,FALSE,TRUE\r\n" + Email(3) + ",U3,TRUE,TRUE\r\nsam@acme.test,Sam,TRUE,FALSE\r\n";

        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "mixed.csv", Encoding.UTF8.GetBytes(text), $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan");

        Assert.Contains("Rows with problems\n3", plan.CardText);
        Assert.Contains("Row 6, sam@acme.test: R1:", plan.CardText);
        Assert.Contains("Row 4, nobody@acme.test", plan.CardText);
        Assert.Contains("Row 5, user0003@acme.test: R1:", plan.CardText);
        Assert.DoesNotContain(plan.SubmitActions(), a => a.Title == "Confirm…");
        await alice.SubmitAsync(plan, "Confirm valid rows only");
        var started = await space.CardAsync(upload.ThreadId, "starts now");
        Assert.Contains("starts now with 2 rows.", started.CardText);
        Assert.Contains("Rows with a problem in the plan are left out and counted as skipped in the results (rows: 3).", started.CardText);
        var result = await space.CardAsync(upload.ThreadId, "finished", TimeSpan.FromSeconds(30));

        Assert.Contains("Done\n2", result.CardText);
        Assert.Contains("Skipped\n3", result.CardText);
        Assert.Contains(ProNew, (await space.UserAsync(Id(2))).Licences);
        Assert.DoesNotContain(ProNew, (await space.UserAsync(Id(3))).Licences);
    }

    [Fact]
    public async Task Only_the_admin_who_asked_can_confirm_and_cancel_discards_the_plan()
    {
        await using var space = await BotSpace.StartAsync(Seed(2));
        var alice = space.As("alice@acme.test");
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(MoveFile([1, 2])), $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan");

        await alice.SubmitAsync(plan, "Cancel");
        await space.TextAsync(upload.ThreadId, "nothing was changed");
        await alice.SubmitAsync(plan, "Confirm");
        await space.TextAsync(upload.ThreadId, "already confirmed or cancelled, or it expired. Upload the file again");

        Assert.DoesNotContain(ProNew, (await space.UserAsync(Id(1))).Licences);
    }
}
