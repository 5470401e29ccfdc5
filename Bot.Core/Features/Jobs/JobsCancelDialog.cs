using LicenseBot.Core.Conversation;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Jobs;

/// <summary>
/// <c>cancel &lt;job&gt;</c> or a job's Cancel button: the job starts no new rows; rows being applied finish and the
/// result follows in the job's thread. Only admins, and only jobs of this space.
/// </summary>
public sealed class JobsCancelDialog(JobStore store, JobSignal signal) : Dialog(DialogId)
{
    public const string DialogId = JobCards.CancelFlow;

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        var jobId = options switch
        {
            CardSubmit submit => submit.Get(JobCards.JobIdKey),
            CommandInvocation command => CommandInvocation.FirstWord(command.Arguments),
            _ => null,
        };
        if (jobId is null)
        {
            await dc.Context.SendTextAsync(BotText.Get("jobs.cancel.usage"), ct);
            return await dc.EndDialogAsync(null, ct);
        }
        var job = await store.GetAsync(jobId.Trim().ToUpperInvariant(), ct);
        if (job is null || job.RoomId != dc.Activity.Conversation!.Id)
        {
            await dc.Context.SendTextAsync(BotText.Format("jobs.cancel.unknown", jobId), ct);
            return await dc.EndDialogAsync(null, ct);
        }
        if (job.State == JobState.Planned && await store.DiscardAsync(job.Id, ct))
        {
            await dc.Context.SendTextAsync(BotText.Get("bulk.cancelled"), ct);
        }
        else if (await store.RequestCancelAsync(job.Id, ct))
        {
            signal.Cancel(job.Id);
            await dc.Context.SendTextAsync(BotText.Format("jobs.cancel.done", job.Id), ct);
        }
        else
        {
            await dc.Context.SendTextAsync(BotText.Format("jobs.cancel.already_ended", job.Id, BotText.Get($"jobs.state.{job.State.ToString().ToLowerInvariant()}")), ct);
        }
        return await dc.EndDialogAsync(null, ct);
    }
}
