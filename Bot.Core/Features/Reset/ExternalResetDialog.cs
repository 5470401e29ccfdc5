using LicenseBot.Core.Journal;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Edit;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Features.Reset;

/// <summary>
/// <c>reset &lt;email&gt;</c> (or Reset… on the <c>external</c> card): a pending external user gets their licences
/// again in one confirmed step (R8). The admin picks the licences to add again (the current set by default), reviews
/// both steps, and confirms with a token bound to them; then the journaled operation runs: remove every licence,
/// add the chosen ones by e-mail. Nothing changes before Confirm.
/// </summary>
public sealed class ExternalResetDialog(
    ExternalUsers externals,
    ILicensingService licensing,
    ResetCards cards,
    IConfirmationService confirmations,
    ResetRunner runner,
    TimeProvider time,
    ILogger<ExternalResetDialog> logger) : Dialog(ResetCards.Flow)
{
    /// <summary>What the dialog remembers while the choice card is open: whose reset, and which admin asked.</summary>
    private sealed record ResetDialogState(string Email, string AdminId);

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        if (options is CardSubmit submit) return await OnSubmitAsync(dc, submit, state: null, ct);
        return await StartAsync(dc, CommandInvocation.FirstWord((options as CommandInvocation)?.Arguments), ct);
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken ct) =>
        CardSubmit.From(dc.Activity) is { } submit && submit.Flow.Equals(Id, StringComparison.OrdinalIgnoreCase)
            ? await OnSubmitAsync(dc, submit, dc.GetState<ResetDialogState>(), ct)
            : DialogTurnResult.Waiting;

    private async Task<DialogTurnResult> StartAsync(DialogContext dc, string? email, CancellationToken ct)
    {
        if (email is null)
        {
            await dc.Context.SendTextAsync(BotText.Get("reset.usage"), ct);
            return await dc.EndDialogAsync(null, ct);
        }
        var candidate = await externals.FindAsync(email, ct);
        if (!await AcceptAsync(dc, email, candidate, ct)) return await dc.EndDialogAsync(null, ct);
        var user = candidate!.User;
        var org = await licensing.GetOrgAsync(ct);
        dc.SetState(new ResetDialogState(user.Email, dc.Activity.From!.Id));
        return await dc.PromptAsync(cards.Choose(user, org).ToActivity(), ct);
    }

    private async Task<DialogTurnResult> OnSubmitAsync(DialogContext dc, CardSubmit submit, ResetDialogState? state, CancellationToken ct)
    {
        if (submit.Step == ResetCards.StartStep)
        {
            var chosen = submit.Get(ResetCards.PersonInput);
            if (chosen is null)
            {
                await dc.Context.SendTextAsync(BotText.Get("reset.nochoice"), ct);
                return state is null ? await dc.EndDialogAsync(null, ct) : DialogTurnResult.Waiting;
            }
            return await StartAsync(dc, chosen, ct);
        }
        if (submit.Step == ResetCards.ConfirmStep || (submit.Step == ResetCards.CancelStep && submit.Token is not null))
        {
            var over = await ConfirmAsync(dc, submit, ct);
            return over || state is null ? await dc.EndDialogAsync(null, ct) : DialogTurnResult.Waiting;
        }
        if (state is null)
        {
            await dc.Context.SendTextAsync(BotText.Get("reset.oldcard"), ct);
            return await dc.EndDialogAsync(null, ct);
        }
        if (dc.Activity.From?.Id != state.AdminId)
        {
            await dc.Context.SendTextAsync(BotText.Get("reset.notyours"), ct);
            return DialogTurnResult.Waiting;
        }
        if (submit.Step == ResetCards.CancelStep)
        {
            await dc.Context.SendTextAsync(BotText.Format("reset.cancelled", state.Email), ct);
            return await dc.EndDialogAsync(null, ct);
        }

        // Review: plan against a fresh read; the choice card stays usable to adjust and review again.
        var candidate = await externals.FindAsync(state.Email, ct);
        if (!await AcceptAsync(dc, state.Email, candidate, ct)) return await dc.EndDialogAsync(null, ct);
        var user = candidate!.User;
        var org = await licensing.GetOrgAsync(ct);
        var plan = await externals.PlanAsync(user, org, EditLicenceCards.ReadEdit(submit.Inputs, user, org, state.AdminId), ct);
        if (plan.IsBlocked)
        {
            await dc.ReplyAsync(cards.Blocked(plan).ToActivity(), ct);
            return DialogTurnResult.Waiting;
        }
        var token = await confirmations.CreateAsync(state.AdminId, Id, plan, ct);
        await dc.ReplyAsync(cards.Confirm(plan, token.Value).ToActivity(), ct);
        return DialogTurnResult.Waiting;
    }

    /// <summary>Confirm reset… or Cancel… with a token. True when the flow is over.</summary>
    private async Task<bool> ConfirmAsync(DialogContext dc, CardSubmit submit, CancellationToken ct)
    {
        var person = dc.Activity.From?.Id ?? throw new InvalidOperationException("An activity without a sender cannot confirm anything.");
        var result = await confirmations.ConsumeAsync<ResetPlan>(submit.Token, person, Id, ct);
        if (!result.IsOk)
        {
            await dc.Context.SendTextAsync(BotText.Get($"reset.token.{result.Outcome.ToString().ToLowerInvariant()}"), ct);
            return false;
        }
        var plan = result.Payload!;
        if (submit.Step == ResetCards.CancelStep)
        {
            await dc.Context.SendTextAsync(BotText.Format("reset.cancelled", plan.User.Email), ct);
            return true;
        }

        var now = time.GetUtcNow();
        var op = new ResetOperation(Guid.NewGuid().ToString("N"), plan, person, dc.Activity.Conversation!.Id,
            dc.Activity.ThreadId ?? dc.Activity.ReplyToId ?? dc.Activity.Id, ResetState.Confirmed, 0, now, now, now, null, null, false);
        await runner.JournalAsync(op, ct);
        await dc.Context.SendTextAsync(BotText.Format("reset.started", plan.User.DisplayName), ct);
        try
        {
            // The runner reports to the thread itself, as it does when it resumes the reset later.
            await runner.RunAsync(op.Id, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Reset {ResetId} stopped; it stays journaled and is resumed", op.Id);
            await dc.Context.SendTextAsync(BotText.Format("reset.interrupted", plan.User.DisplayName), ct);
        }
        return true;
    }

    /// <summary>False (after saying why) for an unknown address, an internal user or an external user who is not pending.</summary>
    private static async Task<bool> AcceptAsync(DialogContext dc, string email, ResetCandidate? candidate, CancellationToken ct)
    {
        var refusal = candidate switch
        {
            null => BotText.Format("reset.refused.unknown", EmailAddress.Clean(email)),
            { Refusal: ResetRefusal.Internal } => BotText.Format("reset.refused.internal", candidate.User.DisplayName, candidate.User.Email),
            { Refusal: ResetRefusal.NotPending } => BotText.Format("reset.refused.notpending", candidate.User.DisplayName, candidate.User.Email, StatusText(candidate.User.Status)),
            _ => null,
        };
        if (refusal is null) return true;
        await dc.Context.SendTextAsync(refusal, ct);
        return false;
    }

    private static string StatusText(UserStatus status) => BotText.Get($"licensing.status.{status.ToString().ToLowerInvariant()}");
}
