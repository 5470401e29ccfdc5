using LicenseBot.Core.Conversation;
using LicenseBot.Core.Journal;
using LicenseBot.Core.Jobs;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Jobs;

/// <summary>
/// <c>jobs</c>: this space's bulk jobs, newest first, with how far each got, who asked and when, and a Cancel button
/// for running ones, and the external-user resets of this space that have not finished (for instance waiting to retry
/// step 2). A plan whose confirmation expired reads as such, not as waiting. Only admins.
/// </summary>
public sealed class JobsDialog(
    JobStore store,
    ResetJournal resets,
    PersonNames names,
    IOptions<BotOptions> botOptions,
    TimeProvider time) : Dialog(DialogId)
{
    public const string DialogId = "jobs";
    private const int Shown = 10;

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        var jobs = await store.ListAsync(dc.Activity.Conversation!.Id, Shown, ct);
        var rows = new List<(BulkJob, JobCounts)>();
        var askedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            rows.Add((job, await store.CountAsync(job.Id, ct)));
            if (!askedBy.ContainsKey(job.RequestedBy)) askedBy[job.RequestedBy] = await names.NameAsync(job.RequestedBy, ct);
        }
        // A plan's confirmation token is made just after the plan is stored and lives ConfirmationTtl.
        var details = new JobCards.ListDetails(time.GetUtcNow() - botOptions.Value.ConfirmationTtl, askedBy);
        var unfinished = await resets.UnfinishedAsync(dc.Activity.Conversation!.Id, Shown, ct);
        await dc.ReplyAsync(JobCards.List(rows, unfinished, details).ToActivity(JobCards.ListFallback(rows, unfinished, details)), ct);
        return await dc.EndDialogAsync(null, ct);
    }
}
