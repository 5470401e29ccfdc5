using System.Text.RegularExpressions;

namespace LicenseBot.Core.Licensing;

/// <summary>The one check of an e-mail address an admin typed: one @, a dot in the domain, no spaces or brackets.</summary>
public static partial class EmailAddress
{
    public static bool IsWellFormed(string? text) => text is { Length: > 0 and <= 254 } && Pattern().IsMatch(text);

    /// <summary>Strips what chat clients wrap around addresses (<c>&lt;mailto:…&gt;</c>, angle brackets) and trims.</summary>
    public static string Clean(string text)
    {
        var t = text.Trim().Trim('<', '>');
        return t.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? t[7..] : t;
    }

    [GeneratedRegex(@"^[^@\s<>()\[\],;:""]+@[^@\s<>()\[\],;:""]+\.[^@\s<>()\[\],;:""]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
