using System.Text;
using System.Text.RegularExpressions;

namespace LicenseBot.Core.Csv;

/// <summary>
/// Control Hub's licence column headers: <c>Webex Calling - Professional [Sub-NEW]</c>, and
/// <c>… [Sub-OLD] (Suspended)</c> for a suspended subscription. Matching is tolerant of case, spacing and
/// dash variants (spreadsheets and renames change them), but never guesses: a header that fits no licence,
/// or more than one, maps to nothing.
/// </summary>
public static partial class LicenceHeader
{
    public const string SuspendedMark = "(Suspended)";

    /// <summary>One header per column, in order; a twin name in one subscription (meetings on two sites) adds the site.</summary>
    public static IReadOnlyList<string> FormatAll(IReadOnlyList<CsvLicenceColumn> columns)
    {
        var plain = columns.Select(Format).ToList();
        var twins = plain.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return columns.Select((c, i) => twins.Contains(plain[i]) && c.SiteUrl is not null ? Format(c, withSite: true) : plain[i]).ToList();
    }

    public static string Format(CsvLicenceColumn column) => Format(column, withSite: false);

    private static string Format(CsvLicenceColumn column, bool withSite)
    {
        var sb = new StringBuilder(column.Name.Trim());
        if (!string.IsNullOrEmpty(column.SubscriptionId)) sb.Append(" [").Append(column.SubscriptionId).Append(']');
        if (withSite) sb.Append(" [").Append(column.SiteUrl).Append(']');
        if (column.Suspended) sb.Append(' ').Append(SuspendedMark);
        return sb.ToString();
    }

    /// <summary>The parts of a header: the name, the bracketed qualifiers (subscription, site) and the suspended mark.</summary>
    public static (string Name, IReadOnlyList<string> Qualifiers, bool MarkedSuspended)? Parse(string header)
    {
        var text = header.Trim();
        var suspended = text.Contains(SuspendedMark, StringComparison.OrdinalIgnoreCase);
        if (suspended) text = text.Replace(SuspendedMark, " ", StringComparison.OrdinalIgnoreCase).Trim();
        var match = HeaderPattern().Match(text);
        if (!match.Success) return null;
        var qualifiers = match.Groups["q"].Captures.Select(c => c.Value.Trim()).Where(q => q.Length > 0).ToList();
        return (match.Groups["name"].Value.Trim(), qualifiers, suspended);
    }

    /// <summary>The one licence this header names, or null when none or several fit.</summary>
    public static CsvLicenceColumn? Match(string header, IReadOnlyList<CsvLicenceColumn> licences)
    {
        var parsed = Parse(header);
        if (parsed is not { } p) return null;
        var name = NormaliseName(p.Name);
        CsvLicenceColumn? found = null;
        foreach (var licence in licences)
        {
            if (NormaliseName(licence.Name) != name) continue;
            if (!p.Qualifiers.All(q => Eq(q, licence.SubscriptionId) || Eq(q, licence.SiteUrl))) continue;
            if (found is not null) return null;
            found = licence;
        }
        return found;
    }

    /// <summary>Whether a header has the shape of a licence column (a name and a bracketed qualifier).</summary>
    public static bool LooksLikeLicence(string header) => Parse(header) is { Qualifiers.Count: > 0 };

    private static bool Eq(string qualifier, string? value) => value is not null && string.Equals(qualifier, value.Trim(), StringComparison.OrdinalIgnoreCase);

    internal static string NormaliseName(string name)
    {
        var sb = new StringBuilder(name.Length);
        var space = false;
        foreach (var raw in name)
        {
            var c = raw is '\u2013' or '\u2014' or '\u2212' ? '-' : raw;
            if (char.IsWhiteSpace(c)) { space = sb.Length > 0; continue; }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"^(?<name>[^\[\]]*?)\s*(?:\[(?<q>[^\[\]]*)\]\s*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderPattern();
}
