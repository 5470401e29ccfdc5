using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Edit;

/// <summary>
/// <c>edit &lt;email&gt;</c>: the admin sees the user's licences as one choice per service family, changes them,
/// reviews the exact difference, and confirms; nothing changes before that.
/// </summary>
public sealed class EditLicenceDialog(ILicensingService licensing, EditLicenceCards cards, EditLicenceConfirmation confirmation)
    : Dialog(DialogId)
{
    public const string DialogId = "edit";

    /// <summary>What the dialog remembers while the edit card is open: whose licences, and which admin asked.</summary>
    private sealed record EditState(string Email, string AdminId);

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        if (options is CardSubmit submit) return await OnSubmitAsync(dc, submit, state: null, ct);

        var email = CommandInvocation.FirstWord((options as CommandInvocation)?.Arguments);
        if (email is null)
        {
            await dc.Context.SendTextAsync(BotText.Get("edit.usage.edit"), ct);
            return await dc.EndDialogAsync(null, ct);
        }
        var user = await licensing.GetUserAsync(email, ct);
        var org = await licensing.GetOrgAsync(ct);
        dc.SetState(new EditState(user.Email, dc.Activity.From!.Id));
        return await dc.PromptAsync(cards.Edit(user, org, Id).ToActivity(), ct);
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken ct) =>
        CardSubmit.From(dc.Activity) is { } submit && submit.Flow.Equals(Id, StringComparison.OrdinalIgnoreCase)
            ? await OnSubmitAsync(dc, submit, dc.GetState<EditState>(), ct)
            : DialogTurnResult.Waiting;

    private async Task<DialogTurnResult> OnSubmitAsync(DialogContext dc, CardSubmit submit, EditState? state, CancellationToken ct)
    {
        var answered = await confirmation.AnswerCommonSubmitAsync(dc, submit, Id, state?.Email, state?.AdminId, ct);
        if (answered is not null || state is null) return answered ?? DialogTurnResult.Waiting;

        // Review: plan against one fresh read of the user and the org; the edit card stays usable to adjust and review again.
        var user = await licensing.GetUserAsync(state.Email, ct);
        var org = await licensing.GetOrgAsync(ct);
        var plan = await licensing.PlanAsync(EditLicenceCards.ReadEdit(submit.Inputs, user, org, state.AdminId), user, org, ct);
        await confirmation.PresentAsync(dc, plan, Id, ct);
        return DialogTurnResult.Waiting;
    }
}
