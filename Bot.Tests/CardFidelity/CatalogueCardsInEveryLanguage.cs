using LicenseBot.Host.DevConsole;
using LicenseBot.Core.Text;

namespace LicenseBot.Tests.CardFidelity;

/// <summary>Theory data: one row per card of the catalogue per language the bot speaks.</summary>
public sealed class CatalogueCardsInEveryLanguage : TheoryData<string, string, string>
{
    public CatalogueCardsInEveryLanguage()
    {
        foreach (var language in BotLanguage.All)
            foreach (var sample in CardCatalogue.In(language)) Add(language.Code, sample.Flow, sample.Name);
    }

    public static CardSample Find(string code, string flow, string name) =>
        CardCatalogue.In(BotLanguage.Find(code)!).Single(s => s.Flow == flow && s.Name == name);
}
