using System.Reflection;

namespace LicenseBot.Host.DevConsole;

/// <summary>Every card the bot can send: the samples of all <see cref="ICardSamples"/> in an assembly.</summary>
public static class CardCatalogue
{
    private static readonly Lazy<IReadOnlyList<CardSample>> BotCards = new(() => In(LicenseBot.Core.Text.BotLanguage.English));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<IReadOnlyList<CardSample>>> ByLanguage = new();

    /// <summary>The bot's cards (the samples of the dev console, built with Bot.Core's card builders), ordered by flow, then as each flow lists them.</summary>
    public static IReadOnlyList<CardSample> All => BotCards.Value;

    /// <summary>The bot's cards as they are sent to someone who reads <paramref name="language"/>.</summary>
    public static IReadOnlyList<CardSample> In(LicenseBot.Core.Text.BotLanguage language) =>
        ByLanguage.GetOrAdd(language.Code, _ => new Lazy<IReadOnlyList<CardSample>>(() =>
        {
            using var speaking = LicenseBot.Core.Text.BotLanguage.Use(language);
            return Discover(typeof(CardCatalogue).Assembly);
        })).Value;

    /// <summary>
    /// Builds the samples of every concrete <see cref="ICardSamples"/> in <paramref name="assembly"/>.
    /// Two samples with the same flow and name are a mistake (one would hide the other on the Cards page).
    /// </summary>
    public static IReadOnlyList<CardSample> Discover(Assembly assembly) => FromProviders(assembly.GetTypes());

    internal static IReadOnlyList<CardSample> FromProviders(IEnumerable<Type> types)
    {
        var providers = types
            .Where(t => typeof(ICardSamples).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false })
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(Create);
        var samples = providers.SelectMany(p => p.GetSamples()).ToList();
        var duplicate = samples.GroupBy(s => (s.Flow, s.Name)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"The card catalogue has two samples named '{duplicate.Key.Name}' in flow '{duplicate.Key.Flow}'.");
        }
        return samples.OrderBy(s => s.Flow, StringComparer.Ordinal).ToList();
    }

    private static ICardSamples Create(Type type)
    {
        var constructor = type.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes)
            ?? throw new InvalidOperationException($"{type.FullName} contributes card samples but has no parameterless constructor.");
        return (ICardSamples)constructor.Invoke(null);
    }
}
