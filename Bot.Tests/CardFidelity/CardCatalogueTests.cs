using System.Text.Json;
using LicenseBot.Core.Cards.Catalogue;

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
