using System.Collections.Frozen;
using System.Text.Json;

namespace LicenseBot.Core.Text;

/// <summary>
/// <see cref="ITextLocalizer"/> over the resource files embedded in Bot.Core: <c>Resources/en.json</c>,
/// <c>Resources/nl.json</c>. Sections nest one level: <c>{"edit": {"confirm.title": "..."}}</c> is the key
/// <c>edit.confirm.title</c>. A key missing in a language falls back to English (a test keeps the files in step);
/// a key English lacks throws, so a typo fails a test instead of showing an empty card.
/// </summary>
public sealed class JsonTextLocalizer : ITextLocalizer
{
    public static JsonTextLocalizer Instance { get; } = new();

    private readonly FrozenDictionary<string, Lazy<FrozenDictionary<string, string>>> _files =
        BotLanguage.All.ToFrozenDictionary(l => l.Code, l => new Lazy<FrozenDictionary<string, string>>(() => Load(l.Code)));

    private JsonTextLocalizer()
    {
    }

    public string Get(BotLanguage language, string key)
    {
        if (Texts(language).TryGetValue(key, out var text)) return text;
        if (Texts(BotLanguage.English).TryGetValue(key, out var english)) return english;
        throw new KeyNotFoundException($"No text for '{key}' in Resources/en.json.");
    }

    public string Format(BotLanguage language, string key, params object?[] args) => string.Format(language.Format, Get(language, key), args);

    public bool Has(BotLanguage language, string key) => Texts(language).ContainsKey(key);

    public IReadOnlyCollection<string> Keys(BotLanguage language) => Texts(language).Keys;

    private FrozenDictionary<string, string> Texts(BotLanguage language) => _files[language.Code].Value;

    /// <summary>The raw entries of one file in file order, for tests that check the files themselves.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadFile(string language)
    {
        var assembly = typeof(JsonTextLocalizer).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith($"Resources.{language}.json", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var doc = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var texts = new List<KeyValuePair<string, string>>();
        foreach (var section in doc.RootElement.EnumerateObject())
        {
            foreach (var entry in section.Value.EnumerateObject())
            {
                texts.Add(new($"{section.Name}.{entry.Name}", entry.Value.GetString() ?? string.Empty));
            }
        }
        return texts;
    }

    private static FrozenDictionary<string, string> Load(string language) =>
        ReadFile(language).ToFrozenDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
