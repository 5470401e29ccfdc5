using System.Text.Json;
using LicenseBot.Core.Cards;
using LicenseBot.Host.DevConsole;
using LicenseBot.Core.Conversation;

namespace LicenseBot.Tests.CardFidelity;

public sealed class CardCatalogueTests
{
    [Fact]
    public void Samples_of_every_provider_are_collected_and_ordered_by_flow()
    {
        var samples = CardCatalogue.FromProviders([typeof(string), typeof(ZuluSamples), typeof(AlphaSamples)]);

        Assert.Equal(["alpha: one", "alpha: two", "zulu: one"], samples.Select(s => $"{s.Flow}: {s.Name}"));
    }

    [Fact]
    public void Two_samples_with_one_flow_and_name_are_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CardCatalogue.FromProviders([typeof(AlphaSamples), typeof(AlphaAgainSamples)]));

        Assert.Contains("'one' in flow 'alpha'", error.Message);
    }

    [Fact]
    public void A_provider_without_a_parameterless_constructor_is_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CardCatalogue.FromProviders([typeof(NeedsArgumentSamples)]));

        Assert.Contains(nameof(NeedsArgumentSamples), error.Message);
    }

    [Fact]
    public void A_sample_of_a_card_activity_holds_the_card_as_the_bot_serializes_it_and_the_fallback()
    {
        var card = new AdaptiveCard { Body = [new TextBlock("Hello")] };

        var sample = CardSample.Of("help", "Hello", card.ToActivity("Hello (fallback)"));

        Assert.Equal(CardJson.Serialize(card), sample.Card.GetRawText());
        Assert.Equal("Hello (fallback)", sample.FallbackMarkdown);
    }

    [Fact]
    public void A_sample_of_an_activity_without_a_card_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => CardSample.Of("help", "Text only", Activity.CreateMessage("hi")));

        Assert.Contains("'Text only' sample of flow 'help' sends no card", error.Message);
    }

    private static CardSample Sample(string flow, string name) =>
        new(flow, name, JsonDocument.Parse("""{"type":"AdaptiveCard","version":"1.3","body":[]}""").RootElement.Clone(), name);

    private sealed class AlphaSamples : ICardSamples
    {
        public IEnumerable<CardSample> GetSamples() => [Sample("alpha", "one"), Sample("alpha", "two")];
    }

    private sealed class AlphaAgainSamples : ICardSamples
    {
        public IEnumerable<CardSample> GetSamples() => [Sample("alpha", "one")];
    }

    private sealed class ZuluSamples : ICardSamples
    {
        public IEnumerable<CardSample> GetSamples() => [Sample("zulu", "one")];
    }

    private sealed class NeedsArgumentSamples(string flow) : ICardSamples
    {
        public IEnumerable<CardSample> GetSamples() => [Sample(flow, "one")];
    }
}
