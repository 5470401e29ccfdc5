using LicenseBot.Core.Text;

namespace LicenseBot.Core.Csv;

/// <summary>
/// A CSV file the bot will not use, with the sentence the admin reads (from <c>en.json</c>, section <c>bulk</c>).
/// Thrown before anything is planned or changed.
/// </summary>
public sealed class CsvFileException : Exception
{
    public CsvFileException(string textKey, params object?[] args)
        : base(BotText.Format(textKey, args))
    {
        TextKey = textKey;
    }

    /// <summary>The <c>en.json</c> key of the message, so tests and callers can tell the reasons apart.</summary>
    public string TextKey { get; }
}
