using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Jobs;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Text;

namespace LicenseBot.Tests.Cards;

/// <summary>The used/free bar: weighted columns on a card, block characters in a job's (editable, text-only) progress message.</summary>
public sealed class UnitBarTests
{
    [Theory]
    [InlineData(40, 100, "40", "60")]
    [InlineData(1, 3000, "1", "99")]
    [InlineData(2999, 3000, "99", "1")]
    public void A_part_of_the_whole_is_two_weighted_columns_neither_of_them_invisible(int part, int whole, string used, string free)
    {
        var bar = UnitBar.Columns(part, whole);

        Assert.Equal([used, free], bar.Columns.Select(c => c.Width));
        Assert.Equal([ContainerStyle.Accent, ContainerStyle.Emphasis], bar.Columns.Select(c => c.Style!.Value));
    }

    [Fact]
    public void Nothing_used_is_one_empty_column_and_all_used_one_column_in_attention()
    {
        Assert.Equal(ContainerStyle.Emphasis, Assert.Single(UnitBar.Columns(0, 600).Columns).Style);
        var full = Assert.Single(UnitBar.Columns(50, 50).Columns);
        Assert.Equal(ContainerStyle.Attention, full.Style);
        Assert.Equal("100", full.Width);
    }

    [Fact]
    public void A_card_with_bars_keeps_the_card_rules()
    {
        var card = new AdaptiveCard { Body = [UnitBar.Columns(3, 20), UnitBar.Columns(0, 0), UnitBar.Columns(20, 20, ContainerStyle.Warning)] };
        Assert.Empty(CardRules.Check(card));
        Assert.Contains("\"type\":\"ColumnSet\"", CardJson.Serialize(card).Replace(" ", ""));
    }

    [Theory]
    [InlineData(0, 10, "░░░░░░░░░░░░░░░░░░░░")]
    [InlineData(5, 10, "██████████░░░░░░░░░░")]
    [InlineData(10, 10, "████████████████████")]
    [InlineData(1, 1000, "█░░░░░░░░░░░░░░░░░░░")]
    [InlineData(999, 1000, "███████████████████░")]
    public void The_text_bar_fills_its_share_and_shows_a_started_or_unfinished_job_as_such(int part, int whole, string expected) =>
        Assert.Equal(expected, UnitBar.Text(part, whole));

    [Theory]
    [InlineData("en", "██████████░░░░░░░░░░ 50%", "Job J1 (move all): 3 of 6 handled — 2 done, 1 failed, 0 skipped.")]
    [InlineData("nl", "██████████░░░░░░░░░░ 50%", "Taak J1")]
    public void A_running_jobs_progress_message_shows_the_bar_over_the_counts(string language, string bar, string counts)
    {
        using var speaking = BotLanguage.Use(BotLanguage.Find(language)!);
        var job = new BulkJob("J1", JobKind.SubscriptionMove, JobState.Running, "move all", new Dictionary<string, string>(), "R", null, "P", "P",
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, false, null, 0);

        var lines = JobReporter.ProgressText(job, new JobCounts(Pending: 3, Applying: 0, Done: 2, Failed: 1, Skipped: 0)).Split('\n');

        Assert.Equal(bar, lines[0]);
        Assert.StartsWith(counts, lines[1]);
        Assert.StartsWith("████████████████████ 100%", JobReporter.ProgressText(job with { State = JobState.Completed }, new JobCounts(0, 0, 5, 1, 0), final: true));
    }
}
