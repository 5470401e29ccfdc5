using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace LicenseBot.Core.Text;

/// <summary>
/// Every sentence an admin reads, from one resource file per language (<c>Resources/en.json</c>, then others).
/// Sections nest one level: <c>{"edit": {"confirm.title": "..."}}</c> is the key <c>edit.confirm.title</c>.
/// A missing key throws, so a typo fails a test instead of showing an empty card.
/// </summary>
public static class BotText
{
    private static readonly Lazy<FrozenDictionary<string, string>> English = new(() => Load("en"));

    public static string Get(string key) =>
        English.Value.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"No text for '{key}' in Resources/en.json.");

    /// <summary>Formats <c>{0}</c>-style placeholders with the invariant culture (numbers and dates read the same in every space).</summary>
    public static string Format(string key, params object?[] args) => string.Format(CultureInfo.InvariantCulture, Get(key), args);

    public static bool Has(string key) => English.Value.ContainsKey(key);

    /// <summary>Every text of one section, keyed without the section name (the dev console hands its section to the page).</summary>
    public static IReadOnlyDictionary<string, string> Section(string section) =>
        English.Value.Where(p => p.Key.StartsWith(section + ".", StringComparison.Ordinal))
            .ToDictionary(p => p.Key[(section.Length + 1)..], p => p.Value, StringComparer.Ordinal);

    private static FrozenDictionary<string, string> Load(string language)
    {
        var assembly = typeof(BotText).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith($"Resources.{language}.json", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var doc = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in doc.RootElement.EnumerateObject())
        {
            foreach (var entry in section.Value.EnumerateObject())
            {
                texts.Add($"{section.Name}.{entry.Name}", entry.Value.GetString() ?? string.Empty);
            }
        }
        return texts.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
