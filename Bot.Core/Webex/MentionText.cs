namespace LicenseBot.Core.Webex;

/// <summary>
/// Removes the bot's mention from the start of a message. Webex renders a mention in <c>text</c> as the display name
/// (sometimes only its first word), so "LicenseBot help" and "@LicenseBot help" both become "help".
/// </summary>
public static class MentionText
{
    public static string Strip(string? text, string? botDisplayName)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (string.IsNullOrWhiteSpace(botDisplayName)) return trimmed;
        var name = botDisplayName.Trim();
        var firstWord = name.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        foreach (var candidate in name == firstWord ? [name] : new[] { name, firstWord })
        {
            var rest = trimmed.StartsWith('@') ? trimmed[1..] : trimmed;
            if (!rest.StartsWith(candidate, StringComparison.OrdinalIgnoreCase)) continue;
            var after = rest[candidate.Length..];
            if (after.Length > 0 && !char.IsWhiteSpace(after[0]) && after[0] is not (',' or ':')) continue;
            return after.TrimStart(',', ':').Trim();
        }
        return trimmed;
    }
}
