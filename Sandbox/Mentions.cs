using System.Text.RegularExpressions;

namespace LicenseBot.Sandbox;

/// <summary>Webex markdown mentions: <c>&lt;@personEmail:EMAIL|Name&gt;</c>, <c>&lt;@personId:ID|Name&gt;</c>, <c>&lt;@all&gt;</c>.</summary>
public static partial class Mentions
{
    [GeneratedRegex(@"<@(?:(?<kind>personEmail|personId):(?<who>[^|>]+)(?:\|(?<name>[^>]*))?|(?<all>all))>", RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();

    /// <summary>
    /// Resolves mentions with <paramref name="resolve"/> (e-mail or id → person id and display name, null when unknown)
    /// and renders each as its name in plain text.
    /// </summary>
    public static (string Text, IReadOnlyList<string> People, IReadOnlyList<string> Groups) Parse(
        string markdown, Func<string, bool, (string Id, string? DisplayName)?> resolve)
    {
        var people = new List<string>();
        var groups = new List<string>();
        var text = MentionPattern().Replace(markdown, m =>
        {
            if (m.Groups["all"].Success)
            {
                if (!groups.Contains("all")) groups.Add("all");
                return "all";
            }

            var byEmail = m.Groups["kind"].Value == "personEmail";
            var who = m.Groups["who"].Value.Trim();
            var found = resolve(who, byEmail);
            if (found is { } f && !people.Contains(f.Id)) people.Add(f.Id);
            var name = m.Groups["name"].Success && m.Groups["name"].Value.Length > 0 ? m.Groups["name"].Value : found?.DisplayName ?? who;
            return name;
        });
        return (text, people, groups);
    }
}
