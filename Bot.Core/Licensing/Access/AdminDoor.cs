using LicenseBot.Core.Conversation;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Access;

/// <summary>
/// The door the router opens for every command the manifest marks <c>admin</c> and for every click on such a command's
/// cards: only full admins of this org (or <c>Bot:AllowedAdmins</c>) get in; others get a polite refusal saying why.
/// </summary>
public sealed class AdminDoor(IAdminGate gate) : IDialogAccess
{
    public async Task<bool> AllowAsync(DialogContext dc, CancellationToken ct)
    {
        var from = dc.Activity.From;
        var verdict = from is null ? AdminVerdict.NotAdmin : await gate.CheckAsync(from.Id, from.Email, ct);
        if (verdict is AdminVerdict.FullAdmin or AdminVerdict.AllowedByConfig) return true;
        await dc.Context.SendTextAsync(BotText.Get(verdict switch
        {
            AdminVerdict.Unknown => "licensing.refused.unknown",
            AdminVerdict.OtherOrg => "licensing.refused.otherorg",
            _ => "licensing.refused.notadmin",
        }), ct);
        return false;
    }
}
