using LicenseBot.Core.Webex;

namespace LicenseBot.Tests.Webex;

public sealed class MentionTextTests
{
    [Theory]
    [InlineData("LicenseBot help", "help")]
    [InlineData("@LicenseBot help", "help")]
    [InlineData("licensebot, edit bob@acme.test", "edit bob@acme.test")]
    [InlineData("LicenseBot: jobs", "jobs")]
    [InlineData("LicenseBot", "")]
    [InlineData("help", "help")]
    [InlineData("LicenseBotty help", "LicenseBotty help")]
    public void The_bots_name_at_the_start_is_removed(string text, string expected) =>
        Assert.Equal(expected, MentionText.Strip(text, "LicenseBot"));

    [Theory]
    [InlineData("Licence Bot export", "export")]
    [InlineData("Licence export", "export")]
    public void A_name_of_several_words_is_removed_whole_or_by_its_first_word(string text, string expected) =>
        Assert.Equal(expected, MentionText.Strip(text, "Licence Bot"));
}
