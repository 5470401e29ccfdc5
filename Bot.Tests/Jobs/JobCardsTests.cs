using LicenseBot.Core.Cards;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Jobs;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Text;

namespace LicenseBot.Tests.Jobs;

public sealed class JobCardsTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 25, 14, 2, 30, TimeSpan.Zero);

    private static BulkJob Job(JobKind kind = JobKind.CsvMove, JobState state = JobState.Completed) =>
        new("JPZYYER", kind, state, "CSV users.csv", new Dictionary<string, string>(), "R-ADMINS", null, "P-ALICE", "P-ALICE",
            Created, null, null, false, null, 0);

    private static List<string> Texts(AdaptiveCard card) => card.Body.OfType<TextBlock>().Select(t => t.Text).ToList();

    private static JobRow Failed(int row) =>
        new("JPZYYER", row, row + 1, $"user{row}@acme.test", $"P-{row}", [], [], [], "", "", RowState.Failed,
            Error: LocalText.Of("jobs.row.partial", LocalText.Of("jobs.op.remove", "Webex Calling - Basic [Sub-OLD]")));

    [Theory]
    [InlineData(JobKind.CsvMove, "Upload the same file again: the new plan holds only what is left to do.")]
    [InlineData(JobKind.SubscriptionMove, "Say the same `move all from <subscription> to <subscription>` again: the new plan holds only what is left to do.")]
    [InlineData(JobKind.Undo, "Say the same `undo <job>` again: the new plan holds only what is left to undo.")]
    public void A_result_with_failed_rows_tells_the_admin_how_to_finish_the_job(JobKind kind, string hint)
    {
        var counts = new JobCounts(0, 0, 1358, 2, 650);

        Assert.Contains(hint, Texts(JobCards.Result(Job(kind), counts, [Failed(1), Failed(2)])));
        Assert.EndsWith(hint, JobCards.ResultFallback(Job(kind), counts));
    }

    [Fact]
    public void A_rows_stored_reason_is_written_in_the_language_of_whoever_reads_the_result()
    {
        var counts = new JobCounts(0, 0, 0, 1, 0);

        var english = Texts(JobCards.Result(Job(), counts, [Failed(1)]));
        List<string> dutch;
        using (BotLanguage.Use(BotLanguage.Dutch)) dutch = Texts(JobCards.Result(Job(), counts, [Failed(1)]));

        Assert.Contains("Row 2, user1@acme.test: failed — Webex applied only part of the change (206): remove Webex Calling - Basic [Sub-OLD] did not apply.", english);
        Assert.Contains("Rij 2, user1@acme.test: failed — Webex heeft maar een deel van de wijziging doorgevoerd (206): verwijderen van Webex Calling - Basic [Sub-OLD] niet doorgevoerd.", dutch);
    }

    [Fact]
    public void A_result_without_failed_rows_has_no_retry_hint_and_its_fallback_groups_thousands()
    {
        var counts = new JobCounts(0, 0, 1358, 0, 652);

        Assert.DoesNotContain(Texts(JobCards.Result(Job(), counts, [])), t => t.Contains("again", StringComparison.Ordinal));
        Assert.Equal("CSV users.csv (job JPZYYER): 1,358 done, 0 failed, 652 skipped (rows: 2,010). The results CSV follows.",
            JobCards.ResultFallback(Job(), counts));
    }

    [Fact]
    public void The_jobs_list_shows_an_expired_plan_as_expired_and_who_asked_when()
    {
        var jobs = new List<(BulkJob, JobCounts)>
        {
            (Job(state: JobState.Planned), new JobCounts(2, 0, 0, 0, 1)),
            (Job(state: JobState.Running) with { Id = "J7K2QXM", CreatedAt = Created.AddMinutes(20) }, new JobCounts(1000, 0, 1358, 0, 0)),
        };
        var details = new JobCards.ListDetails(Created.AddMinutes(10), new Dictionary<string, string> { ["P-ALICE"] = "Alice Admin" });

        var fallback = JobCards.ListFallback(jobs, null, details).Split('\n');

        Assert.Equal("JPZYYER — CSV users.csv — not confirmed (expired): 0 done, 0 failed, 1 skipped (rows: 3) — asked by Alice Admin, 25 Nov 14:02 UTC", fallback[0]);
        Assert.Equal("J7K2QXM — CSV users.csv — running: 1,358 done, 0 failed, 0 skipped (rows: 2,358) — asked by Alice Admin, 25 Nov 14:22 UTC", fallback[1]);
        Assert.Contains(fallback[0], Texts(JobCards.List(jobs, null, details)));
    }

    [Fact]
    public void A_job_of_one_row_starts_with_1_row()
    {
        Assert.StartsWith("Confirmed by Alice Admin: job JPZYYER starts now with 1 row. ", JobCards.StartedText("Alice Admin", Job(), 1));
        Assert.StartsWith("Confirmed by Alice Admin: job JPZYYER starts now with 1,200 rows. ", JobCards.StartedText("Alice Admin", Job(), 1200));
    }

    [Fact]
    public void The_cancel_examples_in_help_and_usage_look_like_the_job_ids_the_bot_makes()
    {
        const string RealId = "J[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}";
        Assert.All(BotManifest.Current.Commands.Single(c => c.Name == "cancel").Examples!, e => Assert.Matches($"^cancel {RealId}$", e));
        Assert.Matches($"`cancel {RealId}`", BotText.Get("jobs.cancel.usage"));
    }
}
