using LicenseBot.Core.Text;

namespace LicenseBot.Tests.Text;

public sealed class BotTextTests
{
    [Fact]
    public void Formats_a_sentence_from_the_english_resource_file() =>
        Assert.Equal("Something went wrong on my side and nothing was changed. Tracking id: T-1.", BotText.Format("common.error.generic", "T-1"));

    [Fact]
    public void Unknown_key_fails_loudly_instead_of_showing_nothing() =>
        Assert.Throws<KeyNotFoundException>(() => BotText.Get("common.no.such.key"));
}
