using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Applying;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Edit;

/// <summary>
/// The confirming half of a licence change, shared by the edit and move flows: show the plan (or why it is blocked),
/// confirm with a token bound to the admin (single use, expiring), ask a second time before a calling removal (R5),
/// then apply and show the result. The plan travels inside the token, so an old card is answered correctly even when
/// no dialog waits for it any more.
/// </summary>
public sealed class EditLicenceConfirmation(ILicensingService licensing, IConfirmationService confirmations, EditLicenceCards cards)
{
    private const string RemovalSuffix = ".removal";

    /// <summary>Shows the plan: "nothing to change", blocked with its violations, or the confirmation card.</summary>
    public async Task PresentAsync(DialogContext dc, ChangePlan plan, string flow, CancellationToken ct)
    {
        if (plan.IsEmpty && !plan.IsBlocked)
        {
            await dc.Context.SendTextAsync(BotText.Format("edit.nochange", plan.User.DisplayName), ct);
            return;
        }
        if (plan.IsBlocked)
        {
            await dc.ReplyAsync(cards.Blocked(plan).ToActivity(), ct);
            return;
        }
        var token = await confirmations.CreateAsync(AdminId(dc), flow, plan, ct);
        await dc.ReplyAsync(cards.Confirm(plan, flow, token.Value).ToActivity(), ct);
    }

    public static bool Handles(CardSubmit submit) =>
        submit.Step is EditLicenceCards.ConfirmStep or EditLicenceCards.ConfirmRemovalStep
        || (submit.Step == EditLicenceCards.CancelStep && submit.Token is not null);

    /// <summary>
    /// What every submit of a licence card goes through before the flow's own step: a confirmation click, a card of a
    /// flow that is over, someone else's card, Cancel. Returns the turn's result when one of these answered it, or
    /// null when the submit is the flow's own step to handle.
    /// </summary>
    public async Task<DialogTurnResult?> AnswerCommonSubmitAsync(
        DialogContext dc, CardSubmit submit, string flow, string? email, string? adminId, CancellationToken ct)
    {
        if (Handles(submit))
        {
            var over = await HandleAsync(dc, submit, flow, ct);
            return over || email is null ? await dc.EndDialogAsync(null, ct) : DialogTurnResult.Waiting;
        }
        if (email is null)
        {
            await dc.Context.SendTextAsync(BotText.Get("edit.oldcard"), ct);
            return await dc.EndDialogAsync(null, ct);
        }
        if (dc.Activity.From?.Id != adminId)
        {
            await dc.Context.SendTextAsync(BotText.Get("edit.notyours"), ct);
            return DialogTurnResult.Waiting;
        }
        if (submit.Step == EditLicenceCards.CancelStep)
        {
            await dc.Context.SendTextAsync(BotText.Format("edit.cancelled", email), ct);
            return await dc.EndDialogAsync(null, ct);
        }
        return null;
    }

    /// <summary>A click on Confirm…, Confirm removal… or a Cancel… carrying a token. True when the flow is over.</summary>
    public async Task<bool> HandleAsync(DialogContext dc, CardSubmit submit, string flow, CancellationToken ct)
    {
        var person = AdminId(dc);
        switch (submit.Step)
        {
            case EditLicenceCards.ConfirmStep:
            {
                var first = await confirmations.ConsumeAsync<ChangePlan>(submit.Token, person, flow, ct);
                if (!first.IsOk) return await RefuseAsync(dc, first.Outcome, ct);
                var plan = first.Payload!;
                if (plan.RemovesCallingWithoutReplacement)
                {
                    await AskSecondConfirmationAsync(dc, flow, plan, token => cards.ConfirmRemoval(plan, flow, token), ct);
                    return false;
                }
                await ApplyAsync(dc, plan, person, ct);
                return true;
            }
            case EditLicenceCards.ConfirmRemovalStep:
            {
                var second = await ConsumeSecondConfirmationAsync<ChangePlan>(dc, submit.Token, flow, ct);
                if (!second.IsOk) return await RefuseAsync(dc, second.Outcome, ct);
                await ApplyAsync(dc, second.Payload!, person, ct);
                return true;
            }
            default:
            {
                var cancel = await CancelAsync<ChangePlan>(dc, submit.Token, flow, ct);
                if (cancel != ConfirmationOutcome.Ok) return await RefuseAsync(dc, cancel, ct);
                await dc.Context.SendTextAsync(BotText.Get("edit.cancelled.plain"), ct);
                return true;
            }
        }
    }

    private async Task ApplyAsync(DialogContext dc, ChangePlan plan, string approvedBy, CancellationToken ct)
    {
        ApplyResult result;
        try
        {
            result = await licensing.ApplyAsync(plan, approvedBy, ct);
        }
        catch (LicensingException ex)
        {
            await dc.Context.SendTextAsync(BotText.Render(ex.Text), ct);
            return;
        }
        if (result.Outcome == ApplyOutcome.Stale)
        {
            await dc.Context.SendTextAsync(BotText.Format("edit.result.stale", plan.User.DisplayName, plan.User.Email), ct);
            return;
        }
        await dc.ReplyAsync(cards.Result(result).ToActivity(), ct);
    }

    /// <summary>
    /// The second, explicit confirmation of a destructive change (R5), for any flow that has one (edit, move, repair):
    /// after the first confirmation was used up, a new single-use token for the same admin carries
    /// <paramref name="payload"/> under the flow's second-confirmation name, and <paramref name="card"/> (built with that
    /// token: a destructive button) is posted. Only <see cref="ConsumeSecondConfirmationAsync{T}"/> accepts that token.
    /// </summary>
    public async Task AskSecondConfirmationAsync<T>(DialogContext dc, string flow, T payload, Func<string, LicenceCard> card, CancellationToken ct)
    {
        var second = await confirmations.CreateAsync(AdminId(dc), flow + RemovalSuffix, payload, ct);
        await dc.ReplyAsync(card(second.Value).ToActivity(), ct);
    }

    /// <summary>Uses up the second confirmation's token (never a first confirmation's: another flow name).</summary>
    public Task<ConfirmationResult<T>> ConsumeSecondConfirmationAsync<T>(DialogContext dc, string? token, string flow, CancellationToken ct) =>
        confirmations.ConsumeAsync<T>(token, AdminId(dc), flow + RemovalSuffix, ct);

    /// <summary>Cancel… on a first or second confirmation card: uses the token up, so the card it came with can no longer confirm.</summary>
    public async Task<ConfirmationOutcome> CancelAsync<T>(DialogContext dc, string? token, string flow, CancellationToken ct)
    {
        var person = AdminId(dc);
        var cancel = await confirmations.ConsumeAsync<T>(token, person, flow, ct);
        if (cancel.Outcome == ConfirmationOutcome.Unknown)
            cancel = await confirmations.ConsumeAsync<T>(token, person, flow + RemovalSuffix, ct);
        return cancel.Outcome;
    }

    /// <summary>Says why a confirmation was not accepted (someone else's, used, expired, unknown); nothing changes. False: the flow is not over.</summary>
    public static async Task<bool> RefuseAsync(DialogContext dc, ConfirmationOutcome outcome, CancellationToken ct)
    {
        await dc.Context.SendTextAsync(BotText.Get($"edit.token.{outcome.ToString().ToLowerInvariant()}"), ct);
        // Someone else's click leaves the flow to its owner; every other refusal ends nothing that is still running.
        return false;
    }

    private static string AdminId(DialogContext dc) =>
        dc.Activity.From?.Id ?? throw new InvalidOperationException("An activity without a sender cannot confirm anything.");
}
