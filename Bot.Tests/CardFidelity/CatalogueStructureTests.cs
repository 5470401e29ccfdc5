using LicenseBot.Host.DevConsole;

namespace LicenseBot.Tests.CardFidelity;

/// <summary>The fast check of every card the bot can send; the browser test checks the same cards with the official renderer.</summary>
public sealed class CatalogueStructureTests
{
    [Theory]
    [ClassData(typeof(CatalogueCards))]
    public void Every_catalogue_card_stays_within_what_Webex_shows(string flow, string name)
    {
        var sample = CatalogueCards.Find(flow, name);

        var problems = WebexCardRules.Check(sample.Card, sample.FallbackMarkdown);

        Assert.True(problems.Count == 0, $"[{flow}] {name} would not show as meant in Webex:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void The_catalogue_holds_the_help_card_and_the_licence_flows()
    {
        var flows = CardCatalogue.All.Select(s => s.Flow).ToHashSet();

        Assert.Contains("help", flows);
        Assert.Contains("edit", flows);
    }
}
