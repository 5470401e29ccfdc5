namespace LicenseBot.Core.Conversation;

/// <summary>
/// Who may run a dialog that is not <see cref="Dialog.OpenToEveryone"/> and click its cards (the licence features register
/// theirs: full admins of this org or <c>Bot:AllowedAdmins</c>). When it refuses, it has answered the person itself.
/// </summary>
public interface IDialogAccess
{
    Task<bool> AllowAsync(DialogContext dc, CancellationToken ct);
}
