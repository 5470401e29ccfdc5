using System.Globalization;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Journal;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Jobs;

/// <summary>Cards about bulk jobs: the end result, and the list of jobs in a space.</summary>
public static class JobCards
{
    public const string Flow = "jobs";
    public const int FailuresShown = 5;

    /// <summary>The card posted when a job ends; the full results follow as a CSV in the thread.</summary>
    /// <param name="templateNote">What the org's automatic licence assignment may still do (<see cref="LicenceTemplateNote"/>), when the job leaves that trap.</param>
    public static AdaptiveCard Result(BulkJob job, JobCounts counts, IReadOnlyList<JobRow> firstProblems, string? templateNote = null)
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
                BotText.Format("jobs.result.problem_row", r.SourceRow, r.Email, r.State.ToString().ToLowerInvariant(), BotText.Render(r.Error) ?? "-"))
                { Color = r.State == RowState.Failed ? TextColor.Attention : TextColor.Warning, Spacing = Spacing.Small }));
        }
        if (counts.Failed > 0) body.Add(new TextBlock(RetryHint(job)) { Spacing = Spacing.Medium });
        if (templateNote is not null)
        {
            body.Add(new TextBlock(BotText.Get("jobs.template.title")) { Weight = TextWeight.Bolder, Color = TextColor.Warning, Spacing = Spacing.Medium });
            body.Add(new TextBlock(templateNote) { Spacing = Spacing.Small });
        }
        body.Add(new TextBlock(BotText.Get("jobs.result.csv_follows")) { IsSubtle = true, Spacing = Spacing.Medium });
        return new AdaptiveCard { Body = body };
    }

    public const string CancelFlow = "cancelJob";
    public const string StepCancel = "cancel";
    public const string JobIdKey = "jobId";

    /// <summary>Posted when a plan is confirmed: the job's id and a button that stops it.</summary>
    /// <param name="leftOut">Rows of the file with a problem in the plan: they are not applied, and the results count them as skipped.</param>
    public static AdaptiveCard Started(BulkJob job, string confirmedByName, int rows, int leftOut = 0) => new()
    {
        Body = [new TextBlock(StartedText(confirmedByName, job, rows, leftOut))],
        Actions = [CancelButton(job)],
    };

    /// <summary>The sentence of <see cref="Started"/>, also its fallback text; one row reads as one row.</summary>
    public static string StartedText(string confirmedByName, BulkJob job, int rows, int leftOut = 0) =>
        BotText.Format(rows == 1 ? "bulk.confirmed_one" : "bulk.confirmed", confirmedByName, job.Id, rows)
        + (leftOut == 0 ? "" : " " + BotText.Format("bulk.confirmed_left_out", leftOut));

    /// <summary>
    /// What a <c>jobs</c> line needs beyond the job: plans created before <paramref name="PlansExpireBefore"/> can no
    /// longer be confirmed (their confirmation expired), and <paramref name="Names"/> names who asked, by person id.
    /// </summary>
    public sealed record ListDetails(DateTimeOffset? PlansExpireBefore, IReadOnlyDictionary<string, string> Names);

    /// <summary>The jobs of a space, newest first, with a Cancel button for each that is still running (at most five buttons).</summary>
    public static AdaptiveCard List(IReadOnlyList<(BulkJob Job, JobCounts Counts)> jobs, IReadOnlyList<ResetOperation>? resets = null, ListDetails? details = null)
    {
        resets ??= [];
        if (jobs.Count == 0 && resets.Count == 0) return new AdaptiveCard { Body = [new TextBlock(BotText.Get("jobs.list.none"))] };
        var body = new List<CardElement>();
        if (jobs.Count > 0)
        {
            body.Add(new TextBlock(BotText.Get("jobs.list.title")) { Size = TextSize.Medium, Weight = TextWeight.Bolder });
            body.AddRange(jobs.Select(j => new TextBlock(JobLine(j.Job, j.Counts, details)) { Spacing = Spacing.Small }));
        }
        if (resets.Count > 0)
        {
            body.Add(new TextBlock(BotText.Get("jobs.list.resets")) { Size = TextSize.Medium, Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            body.AddRange(resets.Select(r => new TextBlock(ResetLine(r)) { Spacing = Spacing.Small }));
        }
        var cancellable = jobs.Where(j => j.Job.State is JobState.Queued or JobState.Running && !j.Job.CancelRequested).Take(AdaptiveCard.MaxActions).ToList();
        return new AdaptiveCard { Body = body, Actions = cancellable.Count == 0 ? null : cancellable.Select(j => CancelButton(j.Job)).ToList() };
    }

    public static string ListFallback(IReadOnlyList<(BulkJob Job, JobCounts Counts)> jobs, IReadOnlyList<ResetOperation>? resets = null, ListDetails? details = null)
    {
        resets ??= [];
        return jobs.Count == 0 && resets.Count == 0
            ? BotText.Get("jobs.list.none")
            : string.Join("\n", jobs.Select(j => JobLine(j.Job, j.Counts, details)).Concat(resets.Select(ResetLine)));
    }

    private static string JobLine(BulkJob job, JobCounts counts, ListDetails? details)
    {
        var expired = job.State == JobState.Planned && details?.PlansExpireBefore is { } before && job.CreatedAt < before;
        var line = BotText.Format("jobs.list.line", job.Id, job.Title,
            BotText.Get(expired ? "jobs.state.expired" : $"jobs.state.{job.State.ToString().ToLowerInvariant()}"), counts.Done, counts.Failed, counts.Skipped, counts.Total);
        return details?.Names.TryGetValue(job.RequestedBy, out var name) == true
            ? line + BotText.Format("jobs.list.asked", name, job.CreatedAt.UtcDateTime)
            : line;
    }

    /// <summary>Where an unfinished reset stands: its step, and the last error when a retry is waiting.</summary>
    private static string ResetLine(ResetOperation reset)
    {
        var line = BotText.Format("jobs.list.reset_line", reset.Email, BotText.Get($"jobs.reset_state.{reset.State.ToString().ToLowerInvariant()}"));
        return reset.LastError is null ? line : line + " " + BotText.Format("jobs.list.reset_error", reset.Attempts, BotText.Render(reset.LastError));
    }

    private static SubmitAction CancelButton(BulkJob job) =>
        new(BotText.Format("jobs.cancel.button", job.Id), new CardActionData(CancelFlow, StepCancel).With(JobIdKey, job.Id)) { Style = ActionStyle.Destructive };

    public static string ResultFallback(BulkJob job, JobCounts counts, string? templateNote = null)
    {
        var text = BotText.Format("jobs.result.fallback", job.Title, job.Id, counts.Done, counts.Failed, counts.Skipped, counts.Total);
        if (counts.Failed > 0) text += " " + RetryHint(job);
        return templateNote is null ? text : text + "\n\n**" + BotText.Get("jobs.template.title") + ".** " + templateNote;
    }

    /// <summary>What to do about failed rows: plan again, which leaves out what is already done.</summary>
    private static string RetryHint(BulkJob job) => job.Kind switch
    {
        JobKind.SubscriptionMove => BotText.Get("jobs.result.retry_move"),
        JobKind.Undo => BotText.Get("jobs.result.retry_undo"),
        _ => BotText.Get("jobs.result.retry_csv"),
    };

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
