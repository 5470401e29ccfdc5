using LicenseBot.Core.Text;

namespace LicenseBot.Core.Conversation;

/// <summary>
/// The bot (<see cref="IBot"/>): routes each turn to a dialog of the activity's thread.
/// <list type="bullet">
/// <item>A text command starts its dialog (replacing whatever waited in that thread); bare <c>cancel</c> in a thread with a
/// waiting dialog cancels it.</item>
/// <item>Other text in a thread goes to the dialog waiting there (a text prompt).</item>
/// <item>A card submit goes to the waiting dialog when its <c>flow</c> matches; otherwise the flow's dialog begins with the
/// <see cref="CardSubmit"/> (an old card, or a button such as "Show help") and answers it.</item>
/// <item>Anything else gets a one-line hint with a help button.</item>
/// </list>
/// The admin gate is here, once: a command the manifest marks <c>admin</c> (every command but <c>help</c> and
/// <c>language</c>), and any click on such a command's cards, is let through only when <see cref="IDialogAccess"/> admits
/// the person (a full admin of this org or <c>Bot:AllowedAdmins</c>); anyone else gets the refusal and nothing changes,
/// whoever the card was shown to. Without a registered access rule such commands and clicks are ignored.
/// Errors are mapped here, once: an <see cref="AdminFacingException"/> becomes its sentence in the thread and ends the
/// thread's dialogs; anything else goes up to the adapter (logged with a tracking id, one general sentence).
/// </summary>
public sealed class CommandRouter(DialogSet dialogs, CommandParser parser, BotManifest manifest, IDialogAccess? access = null) : IBot
{
    private const string CancelWord = "cancel";

    public async Task OnTurnAsync(ITurnContext turn, CancellationToken ct)
    {
        var dc = await dialogs.CreateContextAsync(turn, ct);
        try
        {
            if (turn.Activity.IsInvoke) await OnSubmitAsync(dc, ct);
            else await OnMessageAsync(dc, ct);
        }
        catch (AdminFacingException ex)
        {
            await dc.CancelAllDialogsAsync(ct);
            await dc.Context.SendTextAsync(BotText.Render(ex.Text), ct);
        }
        await dc.SaveAsync(ct);
    }

    /// <summary>Whether the person may run <paramref name="dialogId"/>; a refused person has been answered.</summary>
    private async Task<bool> AdmittedAsync(DialogContext dc, string dialogId, CancellationToken ct) =>
        !manifest.NeedsAdmin(dialogId) || (access is not null && await access.AllowAsync(dc, ct));

    private async Task OnMessageAsync(DialogContext dc, CancellationToken ct)
    {
        var activity = dc.Activity;
        var text = activity.Text?.Trim() ?? string.Empty;
        var command = parser.Parse(text, activity.Attachments.Any(a => a.ContentUrl is not null));
        // Refused before anything else: a person who may not run the command leaves the thread's waiting dialog alone.
        if (command is not null && dialogs.Contains(command.Command.Dialog) && !await AdmittedAsync(dc, command.Command.Dialog, ct)) return;

        if (dc.ActiveDialog is not null)
        {
            if (string.Equals(text, CancelWord, StringComparison.OrdinalIgnoreCase))
            {
                await dc.CancelAllDialogsAsync(ct);
                await dc.Context.SendTextAsync(BotText.Get("router.cancelled"), ct);
                return;
            }
            if (command is null)
            {
                var result = await dc.ContinueDialogAsync(ct);
                if (result.Status != DialogTurnStatus.Empty) return;
            }
            else
            {
                await dc.CancelAllDialogsAsync(ct);
            }
        }

        if (command is null)
        {
            var hint = text.Length == 0 ? BotText.Get("router.unknown.empty") : BotText.Format("router.unknown", FirstWords(text));
            await dc.Context.SendCardAsync(HintCard.Of(hint), hint, ct);
            return;
        }
        if (!dialogs.Contains(command.Command.Dialog))
        {
            var sentence = BotText.Format("router.not.available", command.Command.Name);
            await dc.Context.SendCardAsync(HintCard.Of(sentence), sentence, ct);
            return;
        }
        await dc.BeginDialogAsync(command.Command.Dialog, new CommandInvocation(command.Command.Name, command.Arguments, text), ct);
    }

    private async Task OnSubmitAsync(DialogContext dc, CancellationToken ct)
    {
        if (CardSubmit.From(dc.Activity) is not { } submit) return; // not one of our cards' actions
        if (!await AdmittedAsync(dc, submit.Flow, ct)) return;
        if (string.Equals(dc.ActiveDialog?.Id, submit.Flow, StringComparison.OrdinalIgnoreCase))
        {
            await dc.ContinueDialogAsync(ct);
            return;
        }
        if (dialogs.Contains(submit.Flow))
        {
            await dc.BeginDialogAsync(submit.Flow, submit, ct);
            return;
        }
        await dc.Context.SendTextAsync(BotText.Get("router.stale.card"), ct);
    }

    /// <summary>The start of what was typed, short enough for a one-line answer.</summary>
    private static string FirstWords(string text)
    {
        var firstLine = text.Split('\n')[0].Trim();
        return firstLine.Length <= 40 ? firstLine : firstLine[..40] + "…";
    }
}
