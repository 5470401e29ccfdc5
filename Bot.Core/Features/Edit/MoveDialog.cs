using System.Text.RegularExpressions;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Edit;

/// <summary>
/// <c>move &lt;email&gt; to &lt;licence&gt;</c>: the named licence replaces the user's licence of the same service in one
/// change (a calling move keeps number, extension and voicemail). An ambiguous or unknown licence is chosen on a card.
/// </summary>
public sealed partial class MoveDialog(ILicensingService licensing, MoveCards cards, EditLicenceConfirmation confirmation)
    : Dialog(DialogId)
{
    public const string DialogId = "move";

    private sealed record MoveState(string Email, string AdminId);

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        if (options is CardSubmit submit) return await OnSubmitAsync(dc, submit, state: null, ct);

        var parsed = MoveCommand().Match((options as CommandInvocation)?.Arguments?.Trim() ?? "");
        if (!parsed.Success)
        {
            await dc.Context.SendTextAsync(BotText.Get("edit.usage.move"), ct);
            return await dc.EndDialogAsync(null, ct);
        }
        var user = await licensing.GetUserAsync(parsed.Groups["email"].Value, ct);
        var admin = dc.Activity.From!.Id;
        dc.SetState(new MoveState(user.Email, admin));

        var asked = parsed.Groups["licence"].Value.Trim();
        var org = await licensing.GetOrgAsync(ct);
        var match = LicenceLookup.Find(org, asked);
        if (!match.IsResolved)
            return await dc.PromptAsync(cards.Choose(user.Email, asked, match.Candidates, match.IsAmbiguous, Id).ToActivity(), ct);
        // Planned against the user and org just read: one read of each per command.
        return await PresentAsync(dc, await licensing.PlanAsync(new MoveLicenceRequest(user.Email, admin, match.Licence!.Id), user, org, ct), ct);
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken ct) =>
        CardSubmit.From(dc.Activity) is { } submit && submit.Flow.Equals(Id, StringComparison.OrdinalIgnoreCase)
            ? await OnSubmitAsync(dc, submit, dc.GetState<MoveState>(), ct)
            : DialogTurnResult.Waiting;

    private async Task<DialogTurnResult> OnSubmitAsync(DialogContext dc, CardSubmit submit, MoveState? state, CancellationToken ct)
    {
        var answered = await confirmation.AnswerCommonSubmitAsync(dc, submit, Id, state?.Email, state?.AdminId, ct);
        if (answered is not null || state is null) return answered ?? DialogTurnResult.Waiting;
        var chosen = submit.Get(MoveCards.LicenceInput);
        if (chosen is null)
        {
            await dc.Context.SendTextAsync(BotText.Get("edit.move.choose_error"), ct);
            return DialogTurnResult.Waiting;
        }
        return await PlanAsync(dc, state.Email, state.AdminId, chosen, ct);
    }

    private async Task<DialogTurnResult> PlanAsync(DialogContext dc, string email, string admin, string licenceId, CancellationToken ct) =>
        await PresentAsync(dc, await licensing.PlanAsync(new MoveLicenceRequest(email, admin, licenceId), ct), ct);

    private async Task<DialogTurnResult> PresentAsync(DialogContext dc, ChangePlan plan, CancellationToken ct)
    {
        await confirmation.PresentAsync(dc, plan, Id, ct);
        // A blocked or empty plan ends the move; a confirmable one waits for Confirm… or Cancel….
        return plan.IsBlocked || plan.IsEmpty ? await dc.EndDialogAsync(null, ct) : DialogTurnResult.Waiting;
    }

    [GeneratedRegex(@"^(?<email>\S+)\s+to\s+(?<licence>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MoveCommand();
}
