using LicenseBot.Core.Conversation;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Access;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Licences;

/// <summary>
/// The door of every licence command: only full admins (or <c>Bot:AllowedAdmins</c>) get in; others get a polite
/// refusal saying why. Also turns a <see cref="LicensingException"/> into its admin sentence in the thread.
/// </summary>
public sealed class LicencesAccess(IAdminGate gate)
{
    public async Task<bool> AllowAsync(DialogContext dc, CancellationToken ct)
    {
        var from = dc.Activity.From;
        var verdict = from is null ? AdminVerdict.NotAdmin : await gate.CheckAsync(from.Id, from.Email, ct);
        if (verdict is AdminVerdict.FullAdmin or AdminVerdict.AllowedByConfig) return true;
        await dc.Context.SendTextAsync(BotText.Get(verdict == AdminVerdict.Unknown ? "licensing.refused.unknown" : "licensing.refused.notadmin"), ct);
        return false;
    }

    /// <summary>Runs <paramref name="step"/>; a <see cref="LicensingException"/> becomes its sentence in the thread and ends the dialog.</summary>
    public static async Task<DialogTurnResult> RunAsync(DialogContext dc, Func<Task<DialogTurnResult>> step, CancellationToken ct)
    {
        try
        {
            return await step();
        }
        catch (LicensingException ex)
        {
            await dc.Context.SendTextAsync(ex.Message, ct);
            return await dc.EndDialogAsync(null, ct);
        }
    }

    /// <summary>The first word of a command's arguments (an e-mail address), or null.</summary>
    public static string? FirstWord(string? arguments) =>
        arguments?.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is [var first, ..] ? first : null;
}
