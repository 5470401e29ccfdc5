using LicenseBot.Core.Cards;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Language;

/// <summary>
/// <c>language nl|en</c> (<c>taal</c>): the language the bot answers this person in, remembered for every space;
/// <c>language</c> alone says which one it is now and where it came from.
/// </summary>
public sealed class LanguageDialog(IPersonLanguage languages) : Dialog(DialogId)
{
    public const string DialogId = "language";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        var personId = dc.Activity.From?.Id;
        var argument = (options as CommandInvocation)?.Arguments.Trim() ?? string.Empty;
        if (string.IsNullOrEmpty(personId))
        {
            await dc.Context.SendTextAsync(BotText.Get("language.usage"), ct);
        }
        else if (argument.Length == 0)
        {
            var now = await languages.ResolveAsync(personId, ct);
            var texts = BotText.For(now.Language);
            var source = texts.Get($"language.source.{now.Source.ToString().ToLowerInvariant()}");
            await dc.Context.SendTextAsync(texts.Format("language.current", texts.Get($"language.name.{now.Language.Code}"), source), ct);
        }
        else if (BotLanguage.Find(argument.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]) is { } chosen)
        {
            await languages.SetAsync(personId, chosen, ct);
            // Answered in the new language at once.
            await dc.Context.SendTextAsync(BotText.For(chosen).Get("language.set"), ct);
        }
        else
        {
            await dc.Context.SendTextAsync(BotText.Format("language.unknown", argument.Length <= 20 ? argument : argument[..20] + "…"), ct);
        }
        return await dc.EndDialogAsync(null, ct);
    }
}
