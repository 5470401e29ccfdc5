using System.Text.RegularExpressions;
using LicenseBot.Core.Text;

namespace LicenseBot.Tests.Console;

/// <summary>The console's sentences live in en.json (section "console"): every key the pages use exists, and none is left unused.</summary>
public sealed partial class ConsoleTextsTests
{
    private static readonly string[] Files = ["index.html", "cards.html", "console.js", "cards.js"];

    [Fact]
    public void Every_text_key_the_console_uses_is_in_en_json()
    {
        var used = Files.SelectMany(f => UsedKeys(DevConsoleAssets.Read(f)).Select(k => (File: f, Key: k))).ToList();
        Assert.Contains(("index.html", "composer.send"), used);
        Assert.Contains(("console.js", "space.group"), used);

        var missing = used
            .Where(u => !BotText.Has("console." + u.Key))
            .Select(u => $"{u.File}: console.{u.Key}")
            .ToList();

        Assert.True(missing.Count == 0, "Console texts missing from Resources/en.json:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void Every_console_text_in_en_json_is_used_by_the_console()
    {
        var sources = string.Join('\n', Files.Select(DevConsoleAssets.Read));

        var unused = BotText.Section("console").Keys.Where(k => !sources.Contains($"\"{k}\"", StringComparison.Ordinal)).ToList();

        Assert.True(unused.Count == 0, "Console texts nobody reads:\n" + string.Join('\n', unused));
    }

    private static IEnumerable<string> UsedKeys(string source) =>
        UsedKey().Matches(source).SelectMany(m => m.Groups.Cast<Group>().Skip(1).Where(g => g.Success).Select(g => g.Value));

    // t("key", …), t(cond ? "a" : "b", …) and data-text…="key".
    [GeneratedRegex(@"\bt\(\s*""([^""]+)""|\bt\([^()]*?\?\s*""([^""]+)""\s*:\s*""([^""]+)""|data-text(?:-[a-z]+)?=""([^""]+)""")]
    private static partial Regex UsedKey();
}
