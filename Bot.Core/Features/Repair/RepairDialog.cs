using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Edit;
using LicenseBot.Core.Journal;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Licensing.Facts;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Repair;

/// <summary>
/// <c>repair &lt;email&gt;</c>: for a user whose calling licence was added moments ago and whose calling settings show an
/// error, Cisco's remedy — remove the calling licence and assign it again — with the same location, number and
/// extension. Offered only while R9 allows it (the bot added the licence within <see cref="RepairOptions.Window"/>, as
/// the audit log shows). The admin confirms twice (the second time explicitly, as for any calling removal: the edit
/// flow's second confirmation), then the journaled two-step operation runs (<see cref="RepairRunner"/>). The plan
/// travels in the confirmation token, so every click is answered without a waiting dialog.
/// </summary>
public sealed class RepairDialog(
    ILicensingService licensing,
    IAuditLog audit,
    ILocationNames locations,
    IConfirmationService confirmations,
    EditLicenceConfirmation confirmation,
    RepairCards cards,
    RepairRunner runner,
    IOptions<RepairOptions> options,
    TimeProvider time,
    ILogger<RepairDialog> logger) : Dialog(RepairCards.Flow)
{
    /// <summary>Audit entries of the user read to find when the bot added the licence.</summary>
    private const int AuditDepth = 200;

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        if (options is CardSubmit submit) await OnSubmitAsync(dc, submit, ct);
        else await StartAsync(dc, CommandInvocation.FirstWord((options as CommandInvocation)?.Arguments), ct);
        return await dc.EndDialogAsync(null, ct);
    }

    private async Task StartAsync(DialogContext dc, string? email, CancellationToken ct)
    {
        if (email is null)
        {
            await dc.Context.SendTextAsync(BotText.Get("repair.usage"), ct);
            return;
        }
        var user = await licensing.GetUserAsync(email, ct);
        var org = await licensing.GetOrgAsync(ct);
        var calling = user.LicenceIds.Select(org.Find).FirstOrDefault(l => l is { Kind.IsCalling: true });
        var addedAt = calling is null ? null : AuditTrail.LastAdded(await audit.LatestAsync(user.Email, AuditDepth, ct), calling.Id);
        var refusal = R9CallingRepair.RefuseRepair(user, calling, addedAt, time.GetUtcNow(), options.Value.Window);
        if (refusal is not null)
        {
            await dc.Context.SendTextAsync(BotText.Format("edit.finding", refusal.RuleId, BotText.Render(refusal.Text)), ct);
            return;
        }
        var admin = dc.Activity.From!.Id;
        var locationId = user.Calling!.LocationId;
        var plan = new RepairPlan(Guid.NewGuid().ToString("N"), user, calling!, locationId is null ? null : await locations.GetNameAsync(locationId, ct),
            addedAt!.Value, admin, time.GetUtcNow());
        var token = await confirmations.CreateAsync(admin, Id, plan, ct);
        await dc.ReplyAsync(cards.Confirm(plan, token.Value).ToActivity(), ct);
    }

    /// <summary>Confirm… (then the second, explicit confirmation), Confirm removal… (then the repair runs), or Cancel….</summary>
    private async Task OnSubmitAsync(DialogContext dc, CardSubmit submit, CancellationToken ct)
    {
        switch (submit.Step)
        {
            case RepairCards.ConfirmStep:
            {
                var first = await confirmations.ConsumeAsync<RepairPlan>(submit.Token, dc.Activity.From!.Id, Id, ct);
                if (!first.IsOk)
                {
                    await EditLicenceConfirmation.RefuseAsync(dc, first.Outcome, ct);
                    return;
                }
                var plan = first.Payload!;
                await confirmation.AskSecondConfirmationAsync(dc, Id, plan, token => cards.ConfirmRemoval(plan, token), ct);
                return;
            }
            case RepairCards.ConfirmRemovalStep:
            {
                var second = await confirmation.ConsumeSecondConfirmationAsync<RepairPlan>(dc, submit.Token, Id, ct);
                if (!second.IsOk)
                {
                    await EditLicenceConfirmation.RefuseAsync(dc, second.Outcome, ct);
                    return;
                }
                await RunAsync(dc, second.Payload!, ct);
                return;
            }
            case RepairCards.CancelStep:
            {
                var cancel = await confirmation.CancelAsync<RepairPlan>(dc, submit.Token, Id, ct);
                if (cancel != ConfirmationOutcome.Ok) await EditLicenceConfirmation.RefuseAsync(dc, cancel, ct);
                else await dc.Context.SendTextAsync(BotText.Get("edit.cancelled.plain"), ct);
                return;
            }
            default:
                await dc.Context.SendTextAsync(BotText.Get("repair.oldcard"), ct);
                return;
        }
    }

    private async Task RunAsync(DialogContext dc, RepairPlan plan, CancellationToken ct)
    {
        var op = await runner.JournalAsync(plan, dc.Activity.From!.Id, dc.Activity.Conversation!.Id,
            dc.Activity.ThreadId ?? dc.Activity.ReplyToId ?? dc.Activity.Id, ct);
        await dc.Context.SendTextAsync(BotText.Format("repair.started", plan.User.DisplayName, plan.Calling.Label), ct);
        try
        {
            // The runner reports to the thread itself, as it does when it resumes the repair later.
            await runner.RunAsync(op.Id, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Repair {RepairId} stopped; it stays journaled and is resumed", op.Id);
            await dc.Context.SendTextAsync(BotText.Format("repair.interrupted", plan.User.DisplayName), ct);
        }
    }
}
