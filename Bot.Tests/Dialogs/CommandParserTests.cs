using LicenseBot.Core.Conversation;
using LicenseBot.Core.Text;

namespace LicenseBot.Tests.Dialogs;

public sealed class CommandParserTests
{
    private readonly CommandParser _parser = new(BotManifest.Current);

    [Theory]
    [InlineData("help", "help", "")]
    [InlineData("HELP", "help", "")]
    [InlineData("licences", "licenses", "")]
    [InlineData("licenses", "licenses", "")]
    [InlineData("edit bob@acme.test", "edit", "bob@acme.test")]
    [InlineData("move bob@acme.test to Webex Calling - Professional", "move", "bob@acme.test to Webex Calling - Professional")]
    [InlineData("move all from Sub-OLD to Sub-NEW", "move all", "from Sub-OLD to Sub-NEW")]
    [InlineData("  export   Sub-OLD ", "export", "Sub-OLD")]
    [InlineData("/jobs", "jobs", "")]
    [InlineData("audit", "audit", "")]
    public void Commands_are_read_by_name_or_alias_with_their_arguments(string text, string command, string arguments)
    {
        var parsed = _parser.Parse(text, hasFiles: false);
        Assert.NotNull(parsed);
        Assert.Equal(command, parsed.Command.Name);
        Assert.Equal(arguments, parsed.Arguments);
    }

    [Theory]
    [InlineData("helpme")]
    [InlineData("make me coffee")]
    [InlineData("")]
    public void Other_text_is_no_command(string text) => Assert.Null(_parser.Parse(text, hasFiles: false));

    [Fact]
    public void A_file_without_a_command_is_the_CSV_upload_and_a_command_wins_over_a_file()
    {
        Assert.Equal("csv", _parser.Parse("", hasFiles: true)?.Command.Name);
        Assert.Equal("help", _parser.Parse("help", hasFiles: true)?.Command.Name);
    }

    [Fact]
    public void The_manifest_lists_every_product_command_once_with_help_text_and_a_dialog()
    {
        var manifest = BotManifest.Current;
        string[] expected = ["help", "licenses", "user", "edit", "move", "move all", "export", "csv", "external", "reset", "repair", "jobs", "cancel", "undo", "audit", "language"];
        Assert.Equal(expected.Order(), manifest.Commands.Select(c => c.Name).Order());
        Assert.Equal(manifest.Commands.Count, manifest.Commands.Select(c => c.Dialog).Distinct().Count());
        Assert.All(manifest.Commands, c => Assert.True(BotText.Has($"help.command.{c.Name}"), $"en.json lacks help.command.{c.Name}"));
        Assert.Equal(["attachmentActions", "messages"], manifest.Webhooks.Select(w => w.Resource).Order());
        Assert.All(manifest.Webhooks, w => Assert.Equal("created", w.Event));
    }
}
