using LicenseBot.Core.Conversation;

namespace LicenseBot.Core.Features.Help;

/// <summary><c>help</c>: the card of every command this bot can run now (manifest commands whose dialog is registered).</summary>
public sealed class HelpDialog(BotManifest manifest) : Dialog(HelpCards.Flow)
{
    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        var available = manifest.Commands.Where(c => dc.Dialogs.Contains(c.Dialog)).ToList();
        await dc.Context.SendCardAsync(HelpCards.Help(available), HelpCards.HelpFallback(available), ct);
        return await dc.EndDialogAsync(null, ct);
    }
}
