using System.Text;
using System.Text.Json;
using LicenseBot.Core.Csv;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Text;
using LicenseBot.Tests.Harness;
using LicenseBot.Tests.Jobs;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Csv;

/// <summary>
/// Hostile uploads: random and mutated files from a seeded generator (<see cref="HostileFiles"/>). Each gets an answer —
/// a plan, or a sentence from <c>en.json</c> — never an exception of another kind, a stack trace or a change to the org.
/// </summary>
public sealed class HostileUploadFuzzTests
{
    private const int Seed = 20261202;

    [Fact]
    public async Task Random_and_mutated_files_are_planned_or_refused_with_a_short_sentence_and_nothing_else()
    {
        var snapshot = PlanSamples.Org(PlanSamples.User("user0001", PlanSamples.Calling, PlanSamples.ProOld), PlanSamples.User("user0002", null, PlanSamples.MsgOld));
        var random = new Random(Seed);
        var valid = HostileFiles.Valid(3);
        var (planned, refused) = (0, new HashSet<string>());
        for (var i = 0; i < 1_200; i++)
        {
            var (kind, bytes) = HostileFiles.Make(random, i, valid);
            try
            {
                var plan = await CsvPlanner.PlanAsync(snapshot, new MemoryStream(bytes), CsvLimits.Default, "fuzz", CancellationToken.None);
                planned++;
                Assert.All(plan.Notes, n => Assert.True(n.Length < 2_000, $"case {i} ({kind}): a note of {n.Length} characters"));
            }
            catch (CsvFileException e)
            {
                refused.Add(e.TextKey);
                Assert.True(BotText.Has(e.TextKey), $"case {i} ({kind}): {e.TextKey}");
                Assert.True(e.Message.Length < 2_000, $"case {i} ({kind}): an answer of {e.Message.Length} characters");
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i} ({kind}, seed {Seed}) threw {e.GetType().Name}: {e.Message}");
            }
        }
        // The generator reaches both outcomes and the caps, so the test would notice if they stopped being answered.
        Assert.True(planned > 50, $"only {planned} files planned");
        Assert.Contains("bulk.csv.too_many_columns", refused);
        Assert.Contains("bulk.csv.field_too_long", refused);
        Assert.Contains("bulk.csv.not_text", refused);
    }

    [Fact]
    public async Task Hostile_uploads_through_the_bot_are_each_answered_in_their_thread_without_a_stack_trace_and_change_nothing()
    {
        await using var space = await BotSpace.StartAsync(BulkSpace.Seed(3));
        var alice = space.As("alice@acme.test");
        var before = await OrgStateAsync(space);
        var random = new Random(Seed + 1);
        var valid = HostileFiles.Valid(3);
        var files = Enumerable.Range(0, 24).Select(i => HostileFiles.Make(random, i, valid)).ToList();
        files.Add(("400,000-column header", Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Repeat("x", 400_000)) + "\r\nbob@acme.test\r\n")));

        foreach (var (kind, bytes) in files)
        {
            var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "users.csv", bytes, $"<@personId:{space.BotId}|LicenseBot>");
            var answer = await space.WaitForAsync(upload.ThreadId, m => !(m.Text ?? "").StartsWith("Reading ", StringComparison.Ordinal));
            var text = (answer.Text ?? "") + "\n" + answer.CardText;
            Assert.False(string.IsNullOrWhiteSpace(text), $"{kind}: an empty answer");
            Assert.DoesNotContain("Exception", text);
            Assert.DoesNotContain("   at ", text);
            Assert.True(Encoding.UTF8.GetByteCount(answer.Text ?? "") <= 7_439, $"{kind}: the answer is longer than Webex allows");
        }

        Assert.Equal(before, await OrgStateAsync(space));
        Assert.DoesNotContain(space.Problems, p => p.Contains("   at ", StringComparison.Ordinal));
    }

    /// <summary>Every seeded person's licences and calling data, and every licence's consumed units.</summary>
    private static async Task<string> OrgStateAsync(BotSpace space)
    {
        var people = new StringBuilder();
        foreach (var id in new[] { DemoOrg.Ids.Person("P-ALICE"), DemoOrg.Ids.Person("P-SAM"), BulkSpace.Id(1), BulkSpace.Id(2), BulkSpace.Id(3) })
            people.Append(id).Append(':').Append((await space.InspectAsync(id)).GetRawText()).Append('\n');
        var licences = await space.SendAsync(HttpMethod.Get, "licenses", space.Sandbox.AdminToken);
        foreach (var l in licences.GetProperty("items").EnumerateArray())
            people.Append(l.GetProperty("id").GetString()).Append('=').Append(l.GetProperty("consumedUnits").GetInt32()).Append('\n');
        return people.ToString();
    }
}
