using System.Text.Json;
using LicenseBot.Core.Text;

namespace LicenseBot.Tests.Text;

/// <summary>
/// A typed text is a key and its arguments: stored as JSON and read back unchanged, and written only when read, in the
/// reader's language — numbers, dates and texts nested in it included.
/// </summary>
public sealed class LocalTextTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 14, 5, 0, TimeSpan.Zero);

    [Fact]
    public void A_text_is_written_in_the_language_it_is_read_in_numbers_dates_and_nested_texts_included()
    {
        var units = LocalText.Of("licensing.units", 1234, 5000, 3766);
        var old = LocalText.Of("licensing.rule.R9.tooold", LocalText.Of("licensing.licence_unknown"), "Bob", At, 1.5);

        Assert.Equal("1,234 of 5,000 used, 3,766 free", units.In(BotLanguage.English));
        Assert.Equal("1.234 van 5.000 in gebruik, 3.766 vrij", units.In(BotLanguage.Dutch));
        Assert.StartsWith("a licence not in this org's list was added to Bob on 2 Dec 2026 14:05 UTC, more than 1.5 hours ago.", old.In(BotLanguage.English));
        Assert.StartsWith("een licentie die niet in de lijst van deze organisatie staat is op 2 dec. 2026 14:05 UTC aan Bob toegevoegd, meer dan 1,5 uur geleden.", old.In(BotLanguage.Dutch));
        Assert.Contains("2 dec. 2026 14:05", old.In(BotLanguage.Dutch));
        Assert.Contains("1,5", old.In(BotLanguage.Dutch));
    }

    [Fact]
    public void Stored_as_json_a_text_reads_back_equal_and_writes_the_same_words()
    {
        LocalText[] texts =
        [
            LocalText.Of("jobs.row.cancelled"),
            LocalText.Of("licensing.units", 1234, 5_000_000_000L, 3766m),
            LocalText.Of("licensing.rule.R9.tooold", LocalText.Of("licensing.licence_unknown"), "Bob", At, 1.5),
            LocalText.Join(" ", [LocalText.Of("jobs.audit.detail", "J7K2QX", 3), LocalText.Verbatim("Webex said: {0} \"no\"")]),
            LocalText.Of("jobs.row.refused", 400, null),
        ];
        foreach (var text in texts)
        {
            var back = LocalText.FromJson(text.ToJson());
            Assert.Equal(text, back);
            Assert.Equal(text.In(BotLanguage.English), back.In(BotLanguage.English));
            Assert.Equal(text.In(BotLanguage.Dutch), back.In(BotLanguage.Dutch));
        }
        Assert.Equal("""{"key":"jobs.audit.detail","args":["J1",3]}""", LocalText.Of("jobs.audit.detail", "J1", 3).ToJson());
    }

    [Fact]
    public void Verbatim_words_are_the_same_in_every_language_and_an_argument_that_cannot_be_stored_is_refused()
    {
        var words = LocalText.Verbatim("Job J1, row 2. {0}");

        Assert.Equal("Job J1, row 2. {0}", words.In(BotLanguage.English));
        Assert.Equal("Job J1, row 2. {0}", words.In(BotLanguage.Dutch));
        Assert.Throws<ArgumentException>(() => LocalText.Of("jobs.audit.detail", new object(), 1));
        Assert.Throws<JsonException>(() => LocalText.FromJson("""{"key":"jobs.audit.detail","args":[[1]]}"""));
    }

    [Fact]
    public void What_a_text_shows_of_itself_is_its_key_and_arguments_never_words_of_one_language()
    {
        var text = LocalText.Of("jobs.row.cancelled");

        Assert.Contains("jobs.row.cancelled", text.ToString());
        Assert.DoesNotContain("Not started", text.ToString());
        using (BotLanguage.Use(BotLanguage.Dutch)) Assert.Equal("Niet gestart: de taak is geannuleerd.", BotText.Render(text));
        Assert.Null(BotText.Render(null));
    }
}
