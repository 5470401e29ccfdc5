using System.Text.RegularExpressions;
using LicenseBot.Core.Text;

namespace LicenseBot.Tests.Text;

/// <summary>
/// The resource files and the code that reads them stay in step: every language has every key with the same
/// placeholders, every key the code names exists, and every key in the files is read somewhere.
/// </summary>
public sealed partial class TextResourceTests
{
    private static readonly ITextLocalizer Texts = JsonTextLocalizer.Instance;

    public static TheoryData<string> OtherLanguages() => new(BotLanguage.All.Where(l => l != BotLanguage.English).Select(l => l.Code));

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void Every_key_exists_in_English_and_in_every_other_language(string code)
    {
        var language = BotLanguage.Find(code)!;
        var english = Texts.Keys(BotLanguage.English).ToHashSet();
        var other = Texts.Keys(language).ToHashSet();

        var onlyEnglish = english.Except(other).Order().ToList();
        var onlyOther = other.Except(english).Order().ToList();

        Assert.True(onlyEnglish.Count == 0, $"Keys in en.json but not in {code}.json:\n" + string.Join('\n', onlyEnglish));
        Assert.True(onlyOther.Count == 0, $"Keys in {code}.json but not in en.json:\n" + string.Join('\n', onlyOther));
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void Every_translation_has_the_placeholders_of_the_English_text(string code)
    {
        var language = BotLanguage.Find(code)!;
        var different = Texts.Keys(BotLanguage.English)
            .Where(k => Texts.Has(language, k))
            .Where(k => !Placeholders(Texts.Get(BotLanguage.English, k)).SetEquals(Placeholders(Texts.Get(language, k))))
            .Order()
            .ToList();

        Assert.True(different.Count == 0, $"Texts of {code}.json whose placeholders differ from en.json:\n" + string.Join('\n', different));
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void A_translation_is_not_the_English_text_left_in_place(string code)
    {
        var language = BotLanguage.Find(code)!;
        // Names, symbols and formats that read the same in every language.
        var same = Texts.Keys(BotLanguage.English)
            .Where(k => Texts.Has(language, k) && Texts.Get(language, k) == Texts.Get(BotLanguage.English, k))
            .Where(k => Regex.IsMatch(Texts.Get(BotLanguage.English, k), "[a-z]{4,}") && !NamesAndFormats.Contains(k))
            .Order()
            .ToList();

        Assert.True(same.Count == 0, $"Texts of {code}.json still in English:\n" + string.Join('\n', same));
    }

    private static readonly HashSet<string> NamesAndFormats =
    [
        "help.card.title", "licensing.family.Meetings", "licensing.family.AttendantConsole", "licensing.family.CustomerExperience",
        "console.tab.chat", "console.people.badge.bot", "console.space.direct", "licensing.user.status", "reset.result.status",
        "reset.duration.minutes", "edit.removal.voicemail", "licensing.user.email",
    ];

    [Fact]
    public void Every_key_the_code_names_exists_in_English()
    {
        var missing = Sources()
            .SelectMany(s => LiteralKeys(s.Text).Select(k => (s.File, Key: k)))
            .Where(u => !u.Key.EndsWith('.') && !Texts.Has(BotLanguage.English, u.Key))
            .Select(u => $"{u.File}: {u.Key}")
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, "Keys used in code but missing from Resources/en.json:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void Every_key_in_the_files_is_read_by_the_code()
    {
        var sources = Sources().ToList();
        var literal = sources.SelectMany(s => LiteralKeys(s.Text)).ToHashSet(StringComparer.Ordinal);
        // A key built from a prefix and a value ($"jobs.state.{state}", "jobs.state." + state) uses every key under that prefix.
        var prefixes = sources.SelectMany(s => KeyPrefixes(s.Text)).Concat(literal.Where(k => k.EndsWith('.'))).Distinct().ToList();
        var console = ConsoleKeys();

        var unused = Texts.Keys(BotLanguage.English)
            .Where(k => !literal.Contains(k) && !prefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal)) && !console.Contains(k))
            .Order()
            .ToList();

        Assert.True(unused.Count == 0, "Keys in Resources/en.json that no code reads:\n" + string.Join('\n', unused));
    }

    [Fact]
    public void The_source_scan_finds_keys_and_key_prefixes()
    {
        var text = """
            BotText.Get("router.cancelled"); BotText.Format($"jobs.state.{state}", x); Get("edit.result." + outcome);
            var name = "not.a.key";
            """;

        Assert.Contains("router.cancelled", LiteralKeys(text));
        Assert.Contains("edit.result.", LiteralKeys(text));
        Assert.DoesNotContain("not.a.key", LiteralKeys(text));
        Assert.Contains("jobs.state.", KeyPrefixes(text));
    }

    [Fact]
    public void Numbers_and_dates_follow_the_language()
    {
        var when = new DateTimeOffset(2026, 3, 5, 14, 7, 0, TimeSpan.Zero);

        Assert.Equal(" — asked by Alice, 5 Mar 14:07 UTC", Texts.Format(BotLanguage.English, "jobs.list.asked", "Alice", when));
        Assert.Equal(" — gevraagd door Alice, 5 mrt. 14:07 UTC", Texts.Format(BotLanguage.Dutch, "jobs.list.asked", "Alice", when));
        Assert.Contains("12,345 rows", Texts.Format(BotLanguage.English, "bulk.confirmed", "Alice", "J1", 12345));
        Assert.Contains("12.345 rijen", Texts.Format(BotLanguage.Dutch, "bulk.confirmed", "Alice", "J1", 12345));
    }

    [Fact]
    public void The_current_language_is_the_one_set_for_the_flow_and_English_otherwise()
    {
        Assert.Equal("Cancelled. Nothing was changed.", BotText.Get("router.cancelled"));
        using (BotLanguage.Use(BotLanguage.Dutch))
        {
            Assert.Equal("Geannuleerd. Er is niets gewijzigd.", BotText.Get("router.cancelled"));
        }
        Assert.Equal("Cancelled. Nothing was changed.", BotText.Get("router.cancelled"));
    }

    [Theory]
    [InlineData("nl", "nl")]
    [InlineData("nl_NL", "nl")]
    [InlineData("nl-BE", "nl")]
    [InlineData("NEDERLANDS", "nl")]
    [InlineData("en_US", "en")]
    [InlineData("english", "en")]
    public void Language_codes_as_Webex_and_admins_write_them_are_understood(string code, string expected) =>
        Assert.Equal(expected, BotLanguage.Find(code)?.Code);

    [Theory]
    [InlineData("fr_FR")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_languages_are_not_pretended(string? code) => Assert.Null(BotLanguage.Find(code));

    private static HashSet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> LiteralKeys(string source) =>
        LiteralKey().Matches(source).Select(m => m.Groups[1].Value).Where(IsKey);

    private static IEnumerable<string> KeyPrefixes(string source) =>
        InterpolatedKey().Matches(source).Select(m => m.Groups[1].Value).Where(IsKey);

    private static bool IsKey(string candidate)
    {
        var dot = candidate.IndexOf('.');
        return dot > 0 && Sections.Value.Contains(candidate[..dot]) && candidate.Length > dot + 1;
    }

    private static readonly Lazy<HashSet<string>> Sections = new(() =>
        Texts.Keys(BotLanguage.English).Select(k => k[..k.IndexOf('.')]).ToHashSet(StringComparer.Ordinal));

    /// <summary>The dev console's keys (section <c>console</c>) are read by its pages; <c>ConsoleTextsTests</c> checks them.</summary>
    private static HashSet<string> ConsoleKeys() =>
        Texts.Keys(BotLanguage.English).Where(k => k.StartsWith("console.", StringComparison.Ordinal)).ToHashSet();

    private static IEnumerable<(string File, string Text)> Sources()
    {
        var root = RepositoryRoot();
        foreach (var project in new[] { "Bot.Core", "BotHost" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file);
                if (relative.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || relative.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")) continue;
                yield return (relative, File.ReadAllText(file));
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LicenseBot.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("The tests run outside the repository: LicenseBot.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    // "section.key" as a whole string literal (not interpolated).
    [GeneratedRegex(@"(?<![$@\w])""([a-z]+\.[A-Za-z0-9_.\- ]*)""")]
    private static partial Regex LiteralKey();

    // $"section.prefix.{…}…": the part before the first hole.
    [GeneratedRegex(@"\$""([a-z]+\.[A-Za-z0-9_.\- ]*)\{")]
    private static partial Regex InterpolatedKey();
}
