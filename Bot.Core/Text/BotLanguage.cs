using System.Globalization;

namespace LicenseBot.Core.Text;

/// <summary>
/// A language the bot speaks: its code (<c>en</c>, <c>nl</c>), the resource file of its texts
/// (<c>Resources/{Code}.json</c>) and how numbers and dates are written in it.
/// The host runs with invariant globalization (no ICU needed), so each language declares its number and date
/// conventions here instead of taking them from the operating system; English keeps the invariant ones, Dutch
/// follows nl-NL (<c>1.234</c>, <c>2 dec. 14:05</c>).
/// </summary>
public sealed class BotLanguage
{
    private static readonly AsyncLocal<BotLanguage?> Ambient = new();

    public static BotLanguage English { get; } = new("en", "English", "en-GB", CultureInfo.InvariantCulture);

    public static BotLanguage Dutch { get; } = new("nl", "Nederlands", "nl-NL", DutchFormat());

    /// <summary>Every language with a resource file, English (the default) first.</summary>
    public static IReadOnlyList<BotLanguage> All { get; } = [English, Dutch];

    private BotLanguage(string code, string nativeName, string cultureName, CultureInfo format)
    {
        Code = code;
        NativeName = nativeName;
        CultureName = cultureName;
        Format = format;
    }

    /// <summary>The two-letter code, as in the resource file's name and the <c>language</c> command.</summary>
    public string Code { get; }

    /// <summary>The language's name in itself (Nederlands, English).</summary>
    public string NativeName { get; }

    /// <summary>The culture whose conventions <see cref="Format"/> follows (nl-NL); for documentation and logs.</summary>
    public string CultureName { get; }

    /// <summary>Numbers and dates in this language.</summary>
    public CultureInfo Format { get; }

    /// <summary>
    /// The language of the turn or job being handled (English when none was set): set once where a turn or a job
    /// starts (<see cref="Use"/>), read where its texts are made.
    /// </summary>
    public static BotLanguage Current => Ambient.Value ?? English;

    /// <summary>Makes <paramref name="language"/> the current one for the calling flow until the result is disposed.</summary>
    public static IDisposable Use(BotLanguage language)
    {
        var previous = Ambient.Value;
        Ambient.Value = language;
        return new Restore(previous);
    }

    /// <summary>
    /// The language a code names, or null: <c>nl</c>, <c>NL</c>, <c>nl_NL</c>, <c>nl-BE</c>, <c>dutch</c>, <c>nederlands</c>,
    /// <c>en_US</c>, <c>english</c>, <c>engels</c>… (Webex writes <c>preferredLanguage</c> as <c>en_US</c>).
    /// </summary>
    public static BotLanguage? Find(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var word = code.Trim().ToLowerInvariant();
        var cut = word.IndexOfAny(['_', '-']);
        if (cut > 0) word = word[..cut];
        return word switch
        {
            "nl" or "nld" or "dut" or "dutch" or "nederlands" => Dutch,
            "en" or "eng" or "english" or "engels" => English,
            _ => null,
        };
    }

    public override string ToString() => Code;

    private static CultureInfo DutchFormat()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        var numbers = culture.NumberFormat;
        numbers.NumberDecimalSeparator = ",";
        numbers.NumberGroupSeparator = ".";
        numbers.PercentDecimalSeparator = ",";
        numbers.PercentGroupSeparator = ".";
        numbers.CurrencyDecimalSeparator = ",";
        numbers.CurrencyGroupSeparator = ".";
        numbers.CurrencySymbol = "€";
        var dates = culture.DateTimeFormat;
        string[] months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december", ""];
        string[] shortMonths = ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.", ""];
        dates.MonthNames = months;
        dates.MonthGenitiveNames = months;
        dates.AbbreviatedMonthNames = shortMonths;
        dates.AbbreviatedMonthGenitiveNames = shortMonths;
        dates.DayNames = ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"];
        dates.AbbreviatedDayNames = ["zo", "ma", "di", "wo", "do", "vr", "za"];
        dates.ShortestDayNames = ["zo", "ma", "di", "wo", "do", "vr", "za"];
        dates.DateSeparator = "-";
        dates.ShortDatePattern = "dd-MM-yyyy";
        dates.LongDatePattern = "dddd d MMMM yyyy";
        dates.ShortTimePattern = "HH:mm";
        dates.LongTimePattern = "HH:mm:ss";
        dates.FullDateTimePattern = "dddd d MMMM yyyy HH:mm:ss";
        dates.MonthDayPattern = "d MMMM";
        dates.YearMonthPattern = "MMMM yyyy";
        dates.AMDesignator = "";
        dates.PMDesignator = "";
        dates.FirstDayOfWeek = DayOfWeek.Monday;
        dates.CalendarWeekRule = CalendarWeekRule.FirstFourDayWeek;
        return CultureInfo.ReadOnly(culture);
    }

    private sealed class Restore(BotLanguage? previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            Ambient.Value = previous;
        }
    }
}
