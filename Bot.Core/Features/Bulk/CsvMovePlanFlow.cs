using LicenseBot.Core.Conversation;
using LicenseBot.Core.Csv;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Features.Jobs;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;

namespace LicenseBot.Core.Features.Bulk;

/// <summary>
/// The plan-and-confirm half shared by the CSV move and the subscription move: the plan is stored as a job before
/// the card goes out (nothing runs until Confirm), the card carries a token bound to the admin who asked, the full
/// plan follows as a CSV in the thread, and Confirm queues the job for the runner.
/// </summary>
public sealed class CsvMovePlanFlow(JobFactory jobs, JobStore store, JobSignal signal, IConfirmationService confirmations, IWebexMessaging messaging, PersonNames names)
{
    public static bool Handles(CardSubmit submit) => submit.Step is BulkPlanCards.StepConfirm or BulkPlanCards.StepCancel;

    public async Task PresentAsync(DialogContext dc, BulkPlan plan, JobKind kind, string flow, CancellationToken ct)
    {
        var admin = dc.Activity.From!.Id;
        var room = dc.Activity.Conversation!.Id;
        var job = await jobs.CreateAsync(plan, kind, room, dc.Activity.ThreadId, admin, ct);
        string? token = null;
        if (plan.HasChanges && !plan.IsBlocked) token = (await confirmations.CreateAsync(admin, flow, job.Id, ct)).Value;
        await dc.ReplyAsync(BulkPlanCards.Summary(plan, flow, token).ToActivity(BulkPlanCards.Fallback(plan)), ct);

        await using var file = JobReporter.TempFile();
        await PlanCsvWriter.WriteAsync(file, JobFactory.Lines(plan), ct);
        file.Position = 0;
        await messaging.CreateFileMessageAsync(room, dc.Activity.ThreadId, BotText.Format("bulk.plan.csv", job.Id), $"{job.Id}-plan.csv", "text/csv", file, ct);
    }

    /// <summary>Confirm… or Cancel… on a plan card.</summary>
    /// <param name="expiredKey">What to say to a second click or an expired plan (how to plan again); the CSV or move text when null.</param>
    public async Task HandleAsync(DialogContext dc, CardSubmit submit, string flow, CancellationToken ct, string? expiredKey = null)
    {
        var person = dc.Activity.From!;
        var used = await confirmations.ConsumeAsync<string>(submit.Token, person.Id, flow, ct);
        if (!used.IsOk)
        {
            await dc.Context.SendTextAsync(BotText.Get(used.Outcome == ConfirmationOutcome.WrongPerson ? "bulk.wrong_person" : expiredKey ?? Expired(flow)), ct);
            return;
        }
        var jobId = used.Payload!;
        if (submit.Step == BulkPlanCards.StepCancel)
        {
            await store.DiscardAsync(jobId, ct);
            await dc.Context.SendTextAsync(BotText.Get("bulk.cancelled"), ct);
            return;
        }
        // The confirmation is posted before the job becomes runnable, so progress always follows it in the thread. The
        // token was used just now, once, by this click: nothing else can confirm or discard this plan in between.
        var job = (await store.GetAsync(jobId, ct))!;
        var counts = await store.CountAsync(jobId, ct);
        var name = await names.NameAsync(person.Id, ct, person.Name, person.Email);
        var started = JobCards.Started(job, name, counts.Pending, counts.Skipped);
        await dc.ReplyAsync(started.ToActivity(JobCards.StartedText(name, job, counts.Pending, counts.Skipped)), ct);
        if (!await store.ConfirmAsync(jobId, person.Id, ct))
        {
            await dc.Context.SendTextAsync(BotText.Get(expiredKey ?? Expired(flow)), ct);
            return;
        }
        signal.Notify();
    }

    /// <summary>A second click, or a click after the confirmation expired: how to plan again depends on the flow.</summary>
    private static string Expired(string flow) => flow == SubscriptionMoveDialog.DialogId ? "bulk.expired_move" : "bulk.expired";
}
