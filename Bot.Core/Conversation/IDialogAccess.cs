namespace LicenseBot.Core.Conversation;

/// <summary>
/// Who may run a command the manifest marks <c>admin</c> and click its cards (Licensing registers its admin door: full
/// admins of this org or <c>Bot:AllowedAdmins</c>). When it refuses, it has answered the person itself.
/// </summary>
public interface IDialogAccess
{
    Task<bool> AllowAsync(DialogContext dc, CancellationToken ct);
}
