using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Bulk;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Access;
using LicenseBot.Core.Text;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Undo;

/// <summary>
/// <c>undo &lt;job&gt;</c>: a finished or cancelled bulk job of this space, taken back. The users the job changed are read
/// (only those), the plan (<see cref="UndoPlanner"/>) is shown on the bulk plan card and confirmed like any bulk plan,
/// and it runs as a job of its own — which can itself be undone. Only admins.
/// </summary>
public sealed class UndoDialog(
    JobStore store,
    OrgReader reader,
    CsvMovePlanFlow flow,
    ManagedOrg org,
    IOptions<JobsOptions> jobOptions,
    TimeProvider time) : Dialog(DialogId)
{
    public const string DialogId = "undo";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        if (options is CardSubmit submit)
        {
            if (CsvMovePlanFlow.Handles(submit)) await flow.HandleAsync(dc, submit, Id, ct, "undo.expired");
            return await dc.EndDialogAsync(null, ct);
        }
        var asked = JobIdOf((options as CommandInvocation)?.Arguments);
        if (asked is null)
        {
            await dc.Context.SendTextAsync(BotText.Get("undo.usage"), ct);
            return await dc.EndDialogAsync(null, ct);
        }
        var job = await store.GetAsync(asked, ct);
        var refusal = await RefusalAsync(dc, asked, job, ct);
        if (refusal is not null)
        {
            await dc.Context.SendTextAsync(refusal, ct);
            return await dc.EndDialogAsync(null, ct);
        }

        var done = new List<JobRow>();
        await foreach (var row in store.ReadAllRowsAsync(job!.Id, ct))
            if (row.State == RowState.Done) done.Add(row);
        if (done.Count == 0)
        {
            await dc.Context.SendTextAsync(BotText.Format("undo.nothing_changed", job.Id), ct);
            return await dc.EndDialogAsync(null, ct);
        }

        // Only the users the job changed are read, as a CSV plan reads only the users its file names.
        var reading = BotText.Format("undo.reading", done.Count, job.Id);
        var message = await dc.Context.SendTextAsync(reading, ct);
        var plan = await ReadProgress.RunAsync(dc.Context, message, reading, jobOptions.Value.ProgressInterval, time, async count =>
        {
            var licences = await reader.ReadLicencesAsync(ct);
            var snapshot = await reader.ReadUsersAsync(licences, done.Select(r => r.Email).ToList(), count, ct);
            return UndoPlanner.Plan(snapshot, job, done, BotText.Format("undo.title", job.Id, job.Title));
        }, ct);
        if (!plan.HasChanges && plan.Problems.Count == 0)
            await dc.Context.SendTextAsync(BotText.Format("undo.already_back", job.Id, plan.Unchanged), ct);
        else
            await flow.PresentAsync(dc, plan, JobKind.Undo, Id, ct);
        return await dc.EndDialogAsync(null, ct);
    }

    /// <summary>Why this job cannot be undone, or null when it can.</summary>
    private async Task<string?> RefusalAsync(DialogContext dc, string asked, BulkJob? job, CancellationToken ct)
    {
        if (job is null || job.RoomId != dc.Activity.Conversation!.Id) return BotText.Format("undo.unknown", asked);
        if (job.OrgId is { } jobOrg && jobOrg != await org.GetIdAsync(ct)) return BotText.Format("undo.other_org", job.Id);
        return job.State switch
        {
            JobState.Planned => BotText.Format("undo.planned", job.Id),
            JobState.Discarded => BotText.Format("undo.discarded", job.Id),
            JobState.Queued or JobState.Running => BotText.Format("undo.running", job.Id),
            _ => null,
        };
    }

    /// <summary>The job id as <c>jobs</c> shows it, in any case, with or without the word "job" and quotes around it.</summary>
    internal static string? JobIdOf(string? arguments)
    {
        var words = (arguments ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('`', '\'', '"', '*', '.', ',', ';', ':', '(', ')', '[', ']', '<', '>'))
            .Where(w => w.Length > 0)
            .ToList();
        if (words.Count > 1 && words[0].ToLowerInvariant() is "job" or "taak") words.RemoveAt(0);
        return words.Count == 0 ? null : words[0].ToUpperInvariant();
    }
}
