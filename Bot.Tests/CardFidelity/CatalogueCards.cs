using LicenseBot.Host.DevConsole;

namespace LicenseBot.Tests.CardFidelity;

/// <summary>Theory data: one row per card of the catalogue (flow and name, so each card is its own test case).</summary>
public sealed class CatalogueCards : TheoryData<string, string>
{
    public CatalogueCards()
    {
        foreach (var sample in CardCatalogue.All) Add(sample.Flow, sample.Name);
    }

    public static CardSample Find(string flow, string name) => CardCatalogue.All.Single(s => s.Flow == flow && s.Name == name);
}
