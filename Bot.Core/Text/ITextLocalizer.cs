namespace LicenseBot.Core.Text;

/// <summary>
/// The one way to the words an admin reads: a key and a language in, the sentence in that language out.
/// Flows never hold sentences of their own; a new language is a new resource file, not a change to a flow.
/// </summary>
public interface ITextLocalizer
{
    /// <summary>The text of <paramref name="key"/> in <paramref name="language"/>; a key no language has throws.</summary>
    string Get(BotLanguage language, string key);

    /// <summary>
    /// The text with its <c>{0}</c>-style placeholders filled in, numbers and dates written as
    /// <paramref name="language"/> writes them (<c>{0:N0}</c> is <c>1,234</c> in English and <c>1.234</c> in Dutch).
    /// </summary>
    string Format(BotLanguage language, string key, params object?[] args);

    /// <summary>Whether <paramref name="language"/>'s own file has <paramref name="key"/>.</summary>
    bool Has(BotLanguage language, string key);

    /// <summary>Every key of <paramref name="language"/>'s own file.</summary>
    IReadOnlyCollection<string> Keys(BotLanguage language);
}

/// <summary>The texts of one language, for code that makes several sentences in the same language.</summary>
public readonly record struct Texts(ITextLocalizer Localizer, BotLanguage Language)
{
    public string Get(string key) => Localizer.Get(Language, key);

    public string Format(string key, params object?[] args) => Localizer.Format(Language, key, args);
}
