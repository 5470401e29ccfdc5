using LicenseBot.Core.Cards;
using LicenseBot.Core.Csv;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Jobs;

/// <summary>
/// Tells the thread how a job is going: one text message, edited as rows finish (Webex allows a message
/// <see cref="MaxEdits"/> edits, so progress edits are spread over the job and one is kept for the final state),
/// then a result card and the results CSV, each in its own message.
/// </summary>
public sealed class JobReporter(IWebexMessaging messaging, JobStore store, IOptions<JobsOptions> options, TimeProvider time, ILogger<JobReporter> logger,
    ILicensingService? licensing = null) : IJobReporter
{
    public const int MaxEdits = 10;

    /// <summary>Progress edits a job may use: the rest are kept for the final state and one spare.</summary>
    public const int ProgressEdits = MaxEdits - 2;

    /// <summary>Starts (or, after a restart, resumes) the progress message of <paramref name="job"/>.</summary>
    public async Task<IJobProgress> StartAsync(BulkJob job, JobCounts counts, CancellationToken ct)
    {
        var progress = new JobProgress(this, job, time.GetUtcNow());
        if (job.ProgressMessageId is null)
        {
            try
            {
                var message = await messaging.CreateMessageAsync(new CreateMessageRequest
                {
                    RoomId = job.RoomId,
                    ParentId = job.ThreadId,
                    Text = ProgressText(job, counts),
                }, ct);
                await store.SetProgressMessageAsync(job.Id, message.Id, 0, ct);
                progress.MessageId = message.Id;
            }
            catch (WebexApiException ex)
            {
                logger.LogWarning("Progress message for job {JobId} could not be posted: {Status}", job.Id, (int)ex.Status);
            }
        }
        else
        {
            progress.MessageId = job.ProgressMessageId;
            progress.Edits = job.ProgressEdits;
        }
        return progress;
    }

    /// <summary>The final edit, the result card and the results CSV.</summary>
    public async Task FinishAsync(IJobProgress started, JobCounts counts, CancellationToken ct)
    {
        var progress = (JobProgress)started;
        var job = (await store.GetAsync(progress.Job.Id, ct))!;
        await progress.EditAsync(ProgressText(job, counts, final: true), final: true, ct);

        var problems = new List<JobRow>();
        var removed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in store.ReadAllRowsAsync(job.Id, ct))
        {
            if (row.State is RowState.Failed or RowState.Skipped && problems.Count < JobCards.FailuresShown) problems.Add(row);
            if (row.State == RowState.Done) removed.UnionWith(row.RemoveIds);
        }
        var templateNote = await TemplateNoteAsync(job, removed, ct);
        var card = JobCards.Result(job, counts, problems, templateNote);
        await messaging.CreateMessageAsync(new CreateMessageRequest
        {
            RoomId = job.RoomId,
            ParentId = job.ThreadId,
            Markdown = JobCards.ResultFallback(job, counts, templateNote),
            Attachments = [new MessageAttachment(MessageAttachment.AdaptiveCardContentType, CardJson.ToElement(card))],
        }, ct);

        await using var file = TempFile();
        await ResultsCsvWriter.WriteAsync(file, ResultLines(job, ct), ct);
        file.Position = 0;
        await messaging.CreateFileMessageAsync(job.RoomId, job.ThreadId, BotText.Format("jobs.result.csv", job.Id), $"{job.Id}-results.csv", "text/csv", file, ct);
    }

    /// <summary>The template trap, judged on the org's licences as they are after the job (one read); none when they cannot be read.</summary>
    private async Task<string?> TemplateNoteAsync(BulkJob job, IReadOnlyCollection<string> removed, CancellationToken ct)
    {
        if (licensing is null || removed.Count == 0) return null;
        try
        {
            return LicenceTemplateNote.For(job, removed, await licensing.GetOrgAsync(ct));
        }
        catch (Exception ex) when (ex is WebexApiException or HttpRequestException or LicensingException)
        {
            logger.LogWarning("Licences could not be read after job {JobId} to judge the licence template: {Reason}", job.Id, ex.GetType().Name);
            return null;
        }
    }

    private async IAsyncEnumerable<ResultLine> ResultLines(BulkJob job, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in store.ReadAllRowsAsync(job.Id, ct))
        {
            var (before, after) = (row.BeforeText, row.State == RowState.Done ? row.AfterText : row.BeforeText);
            // What the user holds now, read back from Webex; it differs from the plan when a licence the row does not touch changed meanwhile.
            if (row.AfterIds is { } ids && !(row.State == RowState.Done && SameSet(ids, row.PlannedAfterIds)))
            {
                after = Text(job, ids);
                if (row.State == RowState.Done) before = Text(job, row.BeforeIdsGiven(ids));
            }
            yield return new ResultLine(row.SourceRow, row.Email, before, after, BotText.Get($"csvfile.outcome.{row.State.ToString().ToLowerInvariant()}"), BotText.Render(row.Error), row.TrackingId);
        }
    }

    private static string Text(BulkJob job, IEnumerable<string> ids) => string.Join(" + ", ids.Select(id => job.Labels.GetValueOrDefault(id) ?? LicenseBot.Core.Licensing.Model.Licence.UnknownName));

    private static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.ToHashSet(StringComparer.Ordinal).SetEquals(b);

    internal static FileStream TempFile() => new(Path.Combine(Path.GetTempPath(), $"licensebot-{Guid.NewGuid():N}.csv"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>The progress message: a bar of the rows handled (block characters: the message stays text, so it can be edited) over the counts.</summary>
    internal static string ProgressText(BulkJob job, JobCounts counts, bool final = false) =>
        Bar(counts) + "\n" + (final
            ? BotText.Format(job.State == JobState.Cancelled ? "jobs.progress.cancelled" : "jobs.progress.final", job.Title, job.Id, counts.Done, counts.Failed, counts.Skipped, counts.Total)
            : BotText.Format("jobs.progress.running", job.Title, job.Id, counts.Finished, counts.Total, counts.Done, counts.Failed, counts.Skipped));

    internal static string Bar(JobCounts counts) =>
        $"{UnitBar.Text(counts.Finished, counts.Total)} {UnitBar.Percent(counts.Finished, counts.Total)}%";

    internal async Task<bool> TryEditAsync(JobProgress progress, string text, CancellationToken ct)
    {
        if (progress.MessageId is null) return false;
        try
        {
            await messaging.UpdateMessageAsync(progress.MessageId, new UpdateMessageRequest(progress.Job.RoomId, Text: text), ct);
            return true;
        }
        catch (WebexApiException ex)
        {
            logger.LogWarning("Progress message of job {JobId} could not be edited: {Status}", progress.Job.Id, (int)ex.Status);
            return false;
        }
    }

    internal TimeSpan Interval => options.Value.ProgressInterval;
    internal DateTimeOffset Now => time.GetUtcNow();
    internal JobStore Store => store;
}

/// <summary>The progress message of one running job, edited at a pace that leaves room for the final state.</summary>
public sealed class JobProgress(JobReporter reporter, BulkJob job, DateTimeOffset started) : IJobProgress
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _lastEdit = started;

    public BulkJob Job { get; } = job;
    public string? MessageId { get; internal set; }
    public int Edits { get; internal set; }

    /// <summary>Edits the message when enough time and enough of the job have passed since the last edit.</summary>
    public async Task ReportAsync(JobCounts counts, CancellationToken ct)
    {
        if (Edits >= JobReporter.ProgressEdits || counts.Total == 0) return;
        if (reporter.Now - _lastEdit < reporter.Interval) return;
        // Spread the edits over the job: the k-th edit waits for k/(edits+1) of the rows.
        if ((double)counts.Finished / counts.Total < (double)(Edits + 1) / (JobReporter.ProgressEdits + 1)) return;
        if (!await _gate.WaitAsync(0, ct)) return;
        try
        {
            await EditAsync(JobReporter.ProgressText(Job, counts), final: false, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    internal async Task EditAsync(string text, bool final, CancellationToken ct)
    {
        if (Edits >= (final ? JobReporter.MaxEdits : JobReporter.ProgressEdits)) return;
        if (!await reporter.TryEditAsync(this, text, ct)) return;
        Edits++;
        _lastEdit = reporter.Now;
        if (MessageId is not null) await reporter.Store.SetProgressMessageAsync(Job.Id, MessageId, Edits, ct);
    }
}
