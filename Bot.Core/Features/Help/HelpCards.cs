using System.Text;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Help;

/// <summary>The help card (available commands from the manifest) and the one-line hint for an unknown command.</summary>
public static class HelpCards
{
    public const string Flow = "help";

    /// <summary>The commands whose dialog is registered, in manifest order.</summary>
    public static AdaptiveCard Help(IEnumerable<ManifestCommand> available)
    {
        var commands = available.ToList();
        var body = new List<CardElement>
        {
            new TextBlock(BotText.Get("help.card.title")) { Size = TextSize.Large, Weight = TextWeight.Bolder },
            new TextBlock(BotText.Get("help.card.intro")) { IsSubtle = true },
            new TextBlock(BotText.Get("help.card.commands")) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium },
        };
        foreach (var command in commands)
        {
            var lines = BotText.Get($"help.command.{command.Name}");
            if (command.Examples is { Count: > 0 } examples) lines += "  \n" + BotText.Format("help.card.example", string.Join(" · ", examples));
            body.Add(new ColumnSet(
            [
                new Column([new TextBlock(command.Usage) { Weight = TextWeight.Bolder }]) { Width = "2" },
                new Column([new TextBlock(lines) { IsSubtle = false }]) { Width = "3" },
            ]) { Spacing = Spacing.Small, Separator = true });
        }
        body.Add(new TextBlock(BotText.Get("help.card.footer")) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Medium });
        return new AdaptiveCard { Body = body };
    }

    /// <summary>The markdown fallback of <see cref="Help"/>.</summary>
    public static string HelpFallback(IEnumerable<ManifestCommand> available)
    {
        var text = new StringBuilder(BotText.Get("help.fallback.intro"));
        foreach (var command in available) text.Append("\n- `").Append(command.Usage).Append("` — ").Append(BotText.Get($"help.command.{command.Name}"));
        return text.ToString();
    }

    /// <summary>A one-line hint with a button that shows the help card.</summary>
    public static AdaptiveCard Hint(string sentence) => new()
    {
        Body = [new TextBlock(sentence)],
        Actions = [new SubmitAction(BotText.Get("router.help.button"), new CardActionData(Flow, "show"))],
    };
}
