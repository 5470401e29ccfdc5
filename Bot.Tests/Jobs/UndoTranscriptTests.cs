using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using LicenseBot.Core.Storage;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using static LicenseBot.Tests.Jobs.BulkSpace;

namespace LicenseBot.Tests.Jobs;

/// <summary>
/// <c>undo &lt;job&gt;</c> as an admin lives it: a CSV move applied as a job, a user changed by someone else meanwhile,
/// the undo planned, shown, confirmed and run as a job of its own, and that job undone in turn — the real bot against
/// the sandbox over HTTP.
/// </summary>
public sealed partial class UndoTranscriptTests
{
    private const string Other = "R-OTHER"; // a room of this test's own seed: its id is kept as written
    private static readonly string MsgOld = DemoOrg.Ids.Licence("L-MSG-OLD");
    private static readonly string Amsterdam = DemoOrg.Ids.Location("LOC-AMS");

    [Fact]
    public async Task Undo_of_a_300_user_calling_move_restores_everyone_keeps_calling_data_skips_and_names_a_user_changed_since_and_can_itself_be_undone()
    {
        await using var space = await BotSpace.StartAsync(Seed(300));
        var alice = space.As("alice@acme.test");
        var moved = await CsvMoveAsync(space, alice, Enumerable.Range(1, 300));

        // Meanwhile, in Control Hub: user 7 loses the calling licence the job gave them; user 8 loses messaging, a
        // licence the job did not touch (so user 8 is still as the job left them, as far as the job is concerned).
        await PatchAsync(space, Id(7), new { id = ProNew, operation = "remove" });
        await PatchAsync(space, Id(8), new { id = MsgOld, operation = "remove" });

        // As `jobs` shows it, in lower case as an admin may type it.
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"undo {moved.ToLowerInvariant()}");
        await space.TextAsync(asked.ThreadId, $"Reading the 300 users job {moved} changed");
        var plan = await space.CardAsync(asked.ThreadId, "Bulk plan", TimeSpan.FromSeconds(60));
        Assert.Contains($"Bulk plan: Undo of job {moved} (CSV users.csv)", plan.CardText);
        Assert.Contains("Calling moves\n299", plan.CardText);
        Assert.Contains("Left out (not touched)\n1", plan.CardText);
        Assert.Contains($"Left out: changed since job {moved}, not touched (1)", plan.CardText);
        Assert.Contains("User 7 (user0007@acme.test): no longer holds Webex Calling - Professional [Sub-NEW]", plan.CardText);
        Assert.Contains("Webex Calling - Professional [Sub-OLD]: 0 → 299 of 5,000", plan.CardText);
        Assert.DoesNotContain(Id(7), plan.CardText);
        var planFile = CsvLines(await space.DownloadAsync(await space.FileAsync(asked.ThreadId, "Plan")));
        Assert.Equal(300, planFile.Count);
        Assert.Contains(planFile, l => l[1] == Email(7) && l[^1].Contains("no longer holds", StringComparison.Ordinal));

        // Nothing changes before Confirm.
        Assert.Equal(new[] { MsgOld, ProNew }.Order(), (await space.UserAsync(Id(1))).Licences.Order());

        await alice.SubmitAsync(plan, "Confirm");
        var undo = JobId().Match((await space.CardAsync(asked.ThreadId, "starts now")).CardText).Value;
        Assert.NotEqual(moved, undo);
        var result = await space.CardAsync(asked.ThreadId, "finished", TimeSpan.FromSeconds(120));
        Assert.Contains($"Undo of job {moved} (CSV users.csv): finished (job {undo})", result.CardText);
        Assert.Contains("Done\n299", result.CardText);
        Assert.Contains("Skipped\n1", result.CardText);
        var results = CsvLines(await space.DownloadAsync(await space.FileAsync(asked.ThreadId, "Results")));
        Assert.Equal(300, results.Count);
        Assert.Equal(299, results.Count(r => r[4] == "done"));
        Assert.Equal(299, await CountAsync(space, "SELECT COUNT(*) FROM audit_entries WHERE id LIKE @prefix AND outcome = 'Applied'", undo + "-%"));

        foreach (var i in new[] { 1, 8, 150, 300 })
        {
            var user = await space.UserAsync(Id(i));
            Assert.Equal((i == 8 ? new[] { ProOld } : new[] { MsgOld, ProOld }).Order(), user.Licences.Order());
            Assert.Equal(Calling(i), (user.Phone, user.Extension, user.Voicemail));
        }
        Assert.Equal([MsgOld], (await space.UserAsync(Id(7))).Licences); // left alone

        // The undo is a job like any other: undone, everyone is back on the new subscription.
        var again = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"undo {undo}");
        var second = await space.CardAsync(again.ThreadId, "Bulk plan", TimeSpan.FromSeconds(60));
        Assert.Contains($"Undo of job {undo}", second.CardText);
        Assert.Contains("Calling moves\n299", second.CardText);
        Assert.DoesNotContain("Left out", second.CardText);
        await alice.SubmitAsync(second, "Confirm");
        var last = await space.CardAsync(again.ThreadId, "finished", TimeSpan.FromSeconds(120));
        Assert.Contains("Done\n299", last.CardText);
        foreach (var i in new[] { 1, 8, 150, 300 })
        {
            var user = await space.UserAsync(Id(i));
            Assert.Equal((i == 8 ? new[] { ProNew } : new[] { MsgOld, ProNew }).Order(), user.Licences.Order());
            Assert.Equal(Calling(i), (user.Phone, user.Extension, user.Voicemail));
        }
        Assert.Equal([MsgOld], (await space.UserAsync(Id(7))).Licences);
    }

    [Fact]
    public async Task Undo_refuses_with_a_reason_a_missing_or_unknown_job_a_plan_not_run_a_job_that_changed_nothing_and_a_job_of_another_space_or_org()
    {
        var seed = Seed(3);
        seed = seed with { Rooms = [.. seed.Rooms!, new(Other, "Other admins", "group", ["alice@acme.test", "licensebot@webex.bot"])] };
        await using var space = await BotSpace.StartAsync(seed);
        var alice = space.As("alice@acme.test");

        Assert.Contains("Say `undo <job>`", await AnswerAsync(space, alice, DemoOrg.AdminsRoomId, "undo"));
        Assert.Contains("There is no job JZZZZZZ in this space", await AnswerAsync(space, alice, DemoOrg.AdminsRoomId, "undo JZZZZZZ"));

        // A plan waiting for confirmation, then cancelled on its card.
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "one.csv", Encoding.UTF8.GetBytes(MoveFile([1])), $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan");
        var planned = JobId().Match((await space.FileAsync(upload.ThreadId, "Plan")).Text ?? "").Value;
        Assert.Contains($"Job {planned} is still waiting for confirmation", await AnswerAsync(space, alice, DemoOrg.AdminsRoomId, $"undo {planned}"));
        await alice.SubmitAsync(plan, "Cancel");
        await space.TextAsync(upload.ThreadId, "nothing was changed");
        Assert.Contains($"Job {planned} was never confirmed", await AnswerAsync(space, alice, DemoOrg.AdminsRoomId, $"undo {planned}"));

        // A job that changed nobody: its only user was changed between plan and run, so the row was skipped.
        upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "two.csv", Encoding.UTF8.GetBytes(MoveFile([2])), $"<@personId:{space.BotId}|LicenseBot>");
        plan = await space.CardAsync(upload.ThreadId, "Bulk plan");
        await PatchAsync(space, Id(2), new { id = ProOld, operation = "remove" });
        await alice.SubmitAsync(plan, "Confirm");
        var idle = JobId().Match((await space.CardAsync(upload.ThreadId, "starts now")).CardText).Value;
        Assert.Contains("Skipped\n1", (await space.CardAsync(upload.ThreadId, "finished", TimeSpan.FromSeconds(30))).CardText);
        Assert.Contains($"Job {idle} changed no user, so there is nothing to undo", await AnswerAsync(space, alice, DemoOrg.AdminsRoomId, $"undo job `{idle}`"));

        // A finished job that did change someone, asked about from another space, and as if it were of another org.
        var done = await CsvMoveAsync(space, alice, [3]);
        Assert.Contains($"There is no job {done} in this space", await AnswerAsync(space, alice, Other, $"undo {done}"));
        await using (var connection = await space.Services.GetRequiredService<IBotDatabase>().OpenAsync(CancellationToken.None))
            await connection.ExecuteAsync("UPDATE bulk_jobs SET org_id = 'ORG-ELSEWHERE' WHERE id = @done", new { done });
        Assert.Contains($"Job {done} changed another org than the one I manage now", await AnswerAsync(space, alice, DemoOrg.AdminsRoomId, $"undo {done}"));

        Assert.Equal(new[] { MsgOld, ProNew }.Order(), (await space.UserAsync(Id(3))).Licences.Order());
        Assert.Equal([MsgOld], (await space.UserAsync(Id(2))).Licences);
    }

    [Fact]
    public async Task In_Dutch_the_undo_is_asked_shown_confirmed_and_reported_in_Dutch_and_leaves_everyone_as_before()
    {
        await using var space = await BotSpace.StartAsync(Seed(2));
        var alice = space.As("alice@acme.test");
        var moved = await CsvMoveAsync(space, alice, [1, 2]);
        await space.Client.NextBotMessageAsync(DemoOrg.AdminsRoomId, (await alice.MentionAsync(DemoOrg.AdminsRoomId, "taal nl")).Id);

        Assert.Contains("Typ `undo <taak>`", await AnswerAsync(space, alice, DemoOrg.AdminsRoomId, "undo"));
        Assert.Contains("Er is geen taak JZZZZZZ in deze ruimte", await AnswerAsync(space, alice, DemoOrg.AdminsRoomId, "undo JZZZZZZ"));

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"undo {moved}");
        var plan = await space.CardAsync(asked.ThreadId, "Bulkplan", TimeSpan.FromSeconds(30));
        Assert.Contains($"Taak {moved} ongedaan maken", plan.CardText);
        Assert.Contains("krijgt de licenties terug die hij daarvoor had", plan.CardText);
        Assert.DoesNotContain("Bulk plan", plan.CardText);
        await alice.SubmitAsync(plan, "Bevestigen");
        var result = await space.CardAsync(asked.ThreadId, "klaar (taak", TimeSpan.FromSeconds(30));
        Assert.Contains("Gelukt\n2", result.CardText);
        foreach (var i in new[] { 1, 2 })
        {
            var user = await space.UserAsync(Id(i));
            Assert.Equal(new[] { MsgOld, ProOld }.Order(), user.Licences.Order());
            Assert.Equal(Calling(i), (user.Phone, user.Extension, user.Voicemail));
        }
    }

    [Fact]
    public async Task Undo_leaves_a_user_already_back_as_before_alone_and_an_undo_with_nothing_left_says_so()
    {
        await using var space = await BotSpace.StartAsync(Seed(2));
        var alice = space.As("alice@acme.test");
        var moved = await CsvMoveAsync(space, alice, [1, 2]);
        // Someone moves user 2 back by hand, in one change: as before the job on the licences it touched.
        await PatchAsync(space, Id(2), new { id = ProOld, operation = "add", properties = new { locationId = Amsterdam, extension = "3002" } },
            new { id = ProNew, operation = "remove" });

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"undo {moved}");
        var plan = await space.CardAsync(asked.ThreadId, "Bulk plan", TimeSpan.FromSeconds(30));
        Assert.Contains("Calling moves\n1", plan.CardText);
        Assert.Contains("Rows already as asked (ignored)\n1", plan.CardText);
        Assert.DoesNotContain("Left out", plan.CardText);
        await alice.SubmitAsync(plan, "Confirm");
        Assert.Contains("Done\n1", (await space.CardAsync(asked.ThreadId, "finished", TimeSpan.FromSeconds(30))).CardText);
        var user = await space.UserAsync(Id(1));
        Assert.Equal(new[] { MsgOld, ProOld }.Order(), user.Licences.Order());
        Assert.Equal(Calling(1), (user.Phone, user.Extension, user.Voicemail));

        var again = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"undo {moved}");
        await space.TextAsync(again.ThreadId, $"Every user job {moved} changed already holds what they held before it (users: 2); there is nothing to undo.");
    }

    [Fact]
    public async Task Undo_is_held_to_the_bulk_rules_taking_calling_away_without_another_R5_and_units_short_R7_are_refused()
    {
        // Old calling licence: 2 units, both in use. Carol has calling data but no calling licence; the job gives her one.
        var seed = Seed(2);
        var carol = new SeedPerson
        {
            Id = "P-CAROL", Email = "carol@acme.test", DisplayName = "Carol Caller", FirstName = "Carol", LastName = "Caller", Status = "active",
            Licenses = [MsgOld], Calling = new SeedCalling(Amsterdam, null, "4001", null),
        };
        seed = seed with
        {
            People = [.. seed.People!, carol],
            Licenses = [.. seed.Licenses!.Select(l => l.Id == ProOld ? l with { TotalUnits = 2 } : l)],
        };
        await using var space = await BotSpace.StartAsync(seed);
        var alice = space.As("alice@acme.test");
        var file = MoveFile([1, 2]) + "carol@acme.test,Carol Caller,FALSE,TRUE\r\n";
        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(file), $"<@personId:{space.BotId}|LicenseBot>");
        var forward = await space.CardAsync(upload.ThreadId, "Bulk plan", TimeSpan.FromSeconds(30));
        await alice.SubmitAsync(forward, "Confirm");
        var moved = JobId().Match((await space.CardAsync(upload.ThreadId, "starts now")).CardText).Value;
        Assert.Contains("Done\n3", (await space.CardAsync(upload.ThreadId, "finished", TimeSpan.FromSeconds(30))).CardText);
        // Meanwhile one of the two old units is given to Alice.
        await PatchAsync(space, DemoOrg.Ids.Person("P-ALICE"), new { id = ProOld, operation = "add", properties = new { locationId = Amsterdam, extension = "1001" } });

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"undo {moved}");
        var plan = await space.CardAsync(asked.ThreadId, "Bulk plan", TimeSpan.FromSeconds(30));
        Assert.Contains("carol@acme.test: R5:", plan.CardText);
        Assert.Contains("This plan cannot be confirmed:", plan.CardText);
        Assert.Contains("R7:", plan.CardText);
        Assert.DoesNotContain(plan.SubmitActions(), a => a.Title.StartsWith("Confirm", StringComparison.Ordinal));

        Assert.Equal(new[] { MsgOld, ProNew }.Order(), (await space.UserAsync(Id(1))).Licences.Order());
        Assert.Equal(new[] { MsgOld, ProNew }.Order(), (await space.UserAsync("P-CAROL")).Licences.Order());
    }

    [PostgresFact]
    public async Task On_PostgreSQL_a_csv_move_and_its_undo_run_as_jobs_and_leave_everyone_as_before()
    {
        await using var db = await TestPostgresDatabase.CreateAsync();
        await using var space = await BotSpace.StartAsync(Seed(40), db.HostSettings());
        var alice = space.As("alice@acme.test");
        var moved = await CsvMoveAsync(space, alice, Enumerable.Range(1, 40));

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"undo {moved}");
        var plan = await space.CardAsync(asked.ThreadId, "Bulk plan", TimeSpan.FromSeconds(60));
        Assert.Contains("Calling moves\n40", plan.CardText);
        await alice.SubmitAsync(plan, "Confirm");
        var undo = JobId().Match((await space.CardAsync(asked.ThreadId, "starts now")).CardText).Value;
        Assert.Contains("Done\n40", (await space.CardAsync(asked.ThreadId, "finished", TimeSpan.FromSeconds(90))).CardText);

        Assert.Equal(40, await CountAsync(space, "SELECT COUNT(*) FROM audit_entries WHERE id LIKE @prefix AND outcome = 'Applied'", undo + "-%"));
        Assert.Equal("Undo", await ScalarAsync<string>(space, "SELECT kind FROM bulk_jobs WHERE id = @prefix", undo));
        foreach (var i in new[] { 1, 20, 40 })
        {
            var user = await space.UserAsync(Id(i));
            Assert.Equal(new[] { MsgOld, ProOld }.Order(), user.Licences.Order());
            Assert.Equal(Calling(i), (user.Phone, user.Extension, user.Voicemail));
        }
    }

    /// <summary>The seed's calling data of user <paramref name="i"/>: number, extension, voicemail on.</summary>
    private static (string?, string?, bool) Calling(int i) =>
        ("+3120" + (5000000 + i).ToString(CultureInfo.InvariantCulture), (3000 + i).ToString(CultureInfo.InvariantCulture), true);

    /// <summary>Uploads a move of <paramref name="users"/> from Sub-OLD to Sub-NEW, confirms it, waits for the result; the job's id.</summary>
    internal static async Task<string> CsvMoveAsync(BotSpace space, SpacePerson admin, IEnumerable<int> users, string confirm = "Confirm", string finished = "finished")
    {
        var upload = await admin.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", Encoding.UTF8.GetBytes(MoveFile(users)), $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.WaitForAsync(upload.ThreadId, m => m.HasCard && m.SubmitActions().Count > 0, TimeSpan.FromSeconds(60));
        await admin.SubmitAsync(plan, confirm);
        var started = await space.WaitForAsync(upload.ThreadId, m => m.HasCard && JobId().IsMatch(m.CardText) && m.SubmitActions().Count == 1);
        await space.WaitForAsync(upload.ThreadId, m => m.HasCard && m.CardText.Contains(finished, StringComparison.Ordinal), TimeSpan.FromSeconds(120));
        return JobId().Match(started.CardText).Value;
    }

    /// <summary>A change made outside the bot (an admin in Control Hub), through the sandbox's Webex API.</summary>
    internal static async Task PatchAsync(BotSpace space, string personId, params object[] licences)
    {
        var body = JsonSerializer.Serialize(new { personId, licenses = licences });
        await space.Client.SendAsync(HttpMethod.Patch, "licenses/users", "alice-token", new StringContent(body, Encoding.UTF8, "application/json"));
    }

    private static async Task<string> AnswerAsync(BotSpace space, SpacePerson admin, string room, string command)
    {
        var asked = await admin.MentionAsync(room, command);
        var answer = await space.Client.NextBotMessageAsync(room, asked.Id);
        Assert.False(answer.HasCard, $"'{command}' got a card: {answer.CardText}");
        return answer.Text ?? "";
    }

    private static async Task<long> CountAsync(BotSpace space, string sql, string prefix) => await ScalarAsync<long>(space, sql, prefix);

    private static async Task<T> ScalarAsync<T>(BotSpace space, string sql, string prefix)
    {
        await using var connection = await space.Services.GetRequiredService<IBotDatabase>().OpenAsync(CancellationToken.None);
        return (await connection.ExecuteScalarAsync<T>(sql, new { prefix }))!;
    }

    [GeneratedRegex(@"J[A-Z0-9]{6}")]
    private static partial Regex JobId();
}
