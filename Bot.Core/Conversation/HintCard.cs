using LicenseBot.Core.Cards;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Conversation;

/// <summary>The router's one-line answer to what it cannot route, with a button that starts the <c>help</c> command.</summary>
public static class HintCard
{
    /// <summary>The flow of the manifest's <c>help</c> command, which the button starts.</summary>
    public const string HelpFlow = "help";

    /// <summary>A one-line hint with a button that shows the help card.</summary>
    public static AdaptiveCard Of(string sentence) => new()
    {
        Body = [new TextBlock(sentence)],
        Actions = [new SubmitAction(BotText.Get("router.help.button"), new CardActionData(HelpFlow, "show"))],
    };
}
