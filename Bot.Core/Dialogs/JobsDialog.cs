using LicenseBot.Core.Cards;
using LicenseBot.Core.Cards.Bulk;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Reset;

namespace LicenseBot.Core.Dialogs;

/// <summary>
/// <c>jobs</c>: this space's bulk jobs, newest first, with how far each got and a Cancel button for running ones, and
/// the external-user resets of this space that have not finished (for instance waiting to retry step 2).
/// </summary>
public sealed class JobsDialog(JobStore store, ResetJournal resets) : Dialog(DialogId)
{
    public const string DialogId = "jobs";
    private const int Shown = 10;

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        var jobs = await store.ListAsync(dc.Activity.Conversation!.Id, Shown, ct);
        var rows = new List<(BulkJob, JobCounts)>();
        foreach (var job in jobs) rows.Add((job, await store.CountAsync(job.Id, ct)));
        var unfinished = await resets.UnfinishedAsync(dc.Activity.Conversation!.Id, Shown, ct);
        await dc.ReplyAsync(JobCards.List(rows, unfinished).ToActivity(JobCards.ListFallback(rows, unfinished)), ct);
        return await dc.EndDialogAsync(null, ct);
    }
}
