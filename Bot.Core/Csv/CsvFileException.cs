using LicenseBot.Core.Text;

namespace LicenseBot.Core.Csv;

/// <summary>
/// A CSV file the bot will not use, with what the admin reads (from <c>en.json</c>, section <c>bulk</c>), unwritten in
/// <see cref="Text"/>; <see cref="Exception.Message"/> holds its words in the language of the turn that threw it, for logs.
/// Thrown before anything is planned or changed.
/// </summary>
public sealed class CsvFileException : Exception
{
    public CsvFileException(string textKey, params object?[] args)
        : this(LocalText.Of(textKey, args))
    {
    }

    private CsvFileException(LocalText text)
        : base(BotText.Render(text))
    {
        Text = text;
        TextKey = text.Key!;
    }

    /// <summary>What the admin reads, unwritten.</summary>
    public LocalText Text { get; }

    /// <summary>The <c>en.json</c> key of the message, so tests and callers can tell the reasons apart.</summary>
    public string TextKey { get; }
}
