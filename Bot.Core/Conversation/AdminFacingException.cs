using LicenseBot.Core.Text;

namespace LicenseBot.Core.Conversation;

/// <summary>
/// A failure the admin should read about (an unknown e-mail, Webex refusing a change), its words unwritten in
/// <see cref="Text"/>: the router writes them in the reader's language, answers in the thread and ends the dialog; every
/// other exception is logged with a tracking id and answered with one general sentence by the adapter. Dialogs do not
/// catch either. <see cref="Exception.Message"/> holds the words in the language of the turn or job that threw it, for logs.
/// </summary>
public abstract class AdminFacingException(LocalText text, Exception? inner = null) : Exception(BotText.Render(text), inner)
{
    /// <summary>What the admin reads, unwritten.</summary>
    public LocalText Text { get; } = text;
}
