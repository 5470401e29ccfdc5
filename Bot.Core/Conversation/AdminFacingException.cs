namespace LicenseBot.Core.Conversation;

/// <summary>
/// A failure whose <see cref="Exception.Message"/> is already the sentence the admin should read (an unknown e-mail,
/// Webex refusing a change). The router answers it in the thread and ends the dialog; every other exception is logged
/// with a tracking id and answered with one general sentence by the adapter. Dialogs do not catch either.
/// </summary>
public abstract class AdminFacingException(string adminMessage, Exception? inner = null) : Exception(adminMessage, inner);
