namespace LicenseBot.Core.Text;

/// <summary>
/// Shorthand for <see cref="ITextLocalizer"/> in the language of the turn or job being handled
/// (<see cref="BotLanguage.Current"/>, set where the turn or job starts). Code that knows its language passes it
/// through <see cref="For"/> instead.
/// </summary>
public static class BotText
{
    public static ITextLocalizer Localizer => JsonTextLocalizer.Instance;

    /// <summary>The texts of <paramref name="language"/>.</summary>
    public static Texts For(BotLanguage language) => new(Localizer, language);

    public static string Get(string key) => Localizer.Get(BotLanguage.Current, key);

    /// <summary>Fills <c>{0}</c>-style placeholders; numbers and dates as the current language writes them.</summary>
    public static string Format(string key, params object?[] args) => Localizer.Format(BotLanguage.Current, key, args);

    /// <summary>A typed text (<see cref="LocalText"/>) in the current language: the reader's, where a card or reply is made. Null stays null.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Render(LocalText? text) => text?.In(BotLanguage.Current, Localizer);

    public static bool Has(string key) => Localizer.Has(BotLanguage.English, key);

    /// <summary>Every text of one section in <paramref name="language"/>, keyed without the section name (the dev console hands its section to the page).</summary>
    public static IReadOnlyDictionary<string, string> Section(string section, BotLanguage? language = null)
    {
        var lang = language ?? BotLanguage.Current;
        return Localizer.Keys(BotLanguage.English)
            .Where(k => k.StartsWith(section + ".", StringComparison.Ordinal))
            .ToDictionary(k => k[(section.Length + 1)..], k => Localizer.Get(lang, k), StringComparer.Ordinal);
    }
}
