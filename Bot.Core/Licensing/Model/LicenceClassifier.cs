using System.Text;

namespace LicenseBot.Core.Licensing.Model;

/// <summary>
/// Reads a licence's family and tier from its display name. Webex renames licences (January 2026:
/// "Single License - Webex Calling" became "Webex Calling"), so matching ignores case, spacing, dashes
/// and punctuation and knows old and new names. A name it does not recognise is <see cref="ServiceFamily.Other"/>.
/// </summary>
public static class LicenceClassifier
{
    public static LicenceKind Classify(string? name, string? siteUrl = null)
    {
        var n = Normalise(name);
        if (n.Length == 0) return new LicenceKind(siteUrl is null ? ServiceFamily.Other : ServiceFamily.Meetings);

        if (n.Contains("attendant console")) return new LicenceKind(ServiceFamily.AttendantConsole);
        if (n.Contains("customer experience") || StartsWithWord(n, "cx") || n.Contains("contact center essentials"))
            return new LicenceKind(ServiceFamily.CustomerExperience, CxTier(n));
        if (n.Contains("unified cm") || n.Contains("unified communications manager") || HasWord(n, "ucm") || HasWord(n, "cucm"))
            return new LicenceKind(ServiceFamily.UnifiedCm);
        if (n.Contains("calling") && !n.Contains("meeting"))
            return new LicenceKind(ServiceFamily.Calling, CallingTier(n));
        if (n.Contains("meeting") || n.Contains("webinar") || n.Contains("enterprise edition") || siteUrl is not null)
            return new LicenceKind(ServiceFamily.Meetings);
        if (n.Contains("messaging") || n.Contains("messenger")) return new LicenceKind(ServiceFamily.Messaging);
        return new LicenceKind(ServiceFamily.Other);
    }

    private static LicenceTier CallingTier(string n)
    {
        if (n.Contains("workspace") || n.Contains("common area")) return LicenceTier.Workspaces;
        if (HasWord(n, "standard")) return LicenceTier.Standard;
        if (HasWord(n, "basic")) return LicenceTier.Basic;
        // "Webex Calling - Professional", and the untiered names ("Webex Calling", "Single License - Webex Calling"):
        // the only untiered user calling licence Webex sells is the full, professional one.
        return LicenceTier.Professional;
    }

    private static LicenceTier CxTier(string n) =>
        n.Contains("essential") ? LicenceTier.Essentials : HasWord(n, "basic") ? LicenceTier.Basic : LicenceTier.None;

    private static bool HasWord(string n, string word) => $" {n} ".Contains($" {word} ", StringComparison.Ordinal);

    private static bool StartsWithWord(string n, string word) => n == word || n.StartsWith(word + " ", StringComparison.Ordinal);

    /// <summary>Lower case, letters and digits only, words separated by one space ("Webex-Calling  –Pro" → "webex calling pro").</summary>
    internal static string Normalise(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return string.Empty;
        var sb = new StringBuilder(name.Length);
        var space = false;
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0) sb.Append(' ');
                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }
        return sb.ToString();
    }
}
