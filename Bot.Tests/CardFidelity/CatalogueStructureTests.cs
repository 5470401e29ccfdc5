using LicenseBot.Core.Cards.Catalogue;

namespace LicenseBot.Tests.CardFidelity;

/// <summary>The fast check of every card the bot can send; the browser test checks the same cards with the official renderer.</summary>
public sealed class CatalogueStructureTests
{
    [Fact]
    public void Every_catalogue_card_stays_within_what_Webex_shows()
    {
        var failures = CardCatalogue.All
            .SelectMany(s => WebexCardRules.Check(s.Card, s.FallbackMarkdown).Select(p => $"[{s.Flow}] {s.Name}: {p}"))
            .ToList();

        Assert.True(failures.Count == 0, "Cards Webex would not show as meant:\n" + string.Join('\n', failures));
    }
}
