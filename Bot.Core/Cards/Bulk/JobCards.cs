using System.Globalization;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Cards.Bulk;

/// <summary>Cards about bulk jobs: the end result, and the list of jobs in a space.</summary>
public static class JobCards
{
    public const string Flow = "jobs";
    public const int FailuresShown = 5;

    /// <summary>The card posted when a job ends; the full results follow as a CSV in the thread.</summary>
    public static AdaptiveCard Result(BulkJob job, JobCounts counts, IReadOnlyList<JobRow> firstProblems)
    {
        var body = new List<CardElement>
        {
            new TextBlock(BotText.Format(job.State == JobState.Cancelled ? "jobs.result.title_cancelled" : "jobs.result.title", job.Title, job.Id))
                { Size = TextSize.Medium, Weight = TextWeight.Bolder },
            new FactSet([
                new Fact(BotText.Get("jobs.result.done"), N(counts.Done)),
                new Fact(BotText.Get("jobs.result.failed"), N(counts.Failed)),
                new Fact(BotText.Get("jobs.result.skipped"), N(counts.Skipped)),
                new Fact(BotText.Get("jobs.result.total"), N(counts.Total)),
            ]),
        };
        if (firstProblems.Count > 0)
        {
            body.Add(new TextBlock(BotText.Get("jobs.result.problems")) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            body.AddRange(firstProblems.Take(FailuresShown).Select(r => new TextBlock(
                BotText.Format("jobs.result.problem_row", r.SourceRow, r.Email, r.State.ToString().ToLowerInvariant(), r.Error ?? "-"))
                { Color = r.State == RowState.Failed ? TextColor.Attention : TextColor.Warning, Spacing = Spacing.Small }));
        }
        body.Add(new TextBlock(BotText.Get("jobs.result.csv_follows")) { IsSubtle = true, Spacing = Spacing.Medium });
        return new AdaptiveCard { Body = body };
    }

    public static string ResultFallback(BulkJob job, JobCounts counts) =>
        BotText.Format("jobs.result.fallback", job.Title, job.Id, counts.Done, counts.Failed, counts.Skipped, counts.Total);

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
