namespace LicenseBot.Core.Csv;

/// <summary>
/// Picks the separator from the header line: <c>,</c> (Control Hub, most tools), <c>;</c> (Excel in Dutch and
/// other comma-decimal locales) or tab. The header decides, not the data, because names like "Jansen, Piet"
/// make commas appear in a semicolon file: the separator that yields the e-mail column wins, then the one
/// that yields the most columns.
/// </summary>
public static class SeparatorSniffer
{
    public static readonly char[] Candidates = [',', ';', '\t'];

    public static char Sniff(string headerLine)
    {
        var best = ',';
        var bestScore = -1;
        foreach (var candidate in Candidates)
        {
            var fields = Split(headerLine, candidate);
            var score = (fields.Any(ControlHubColumns.IsEmail) ? 1_000_000 : 0) + fields.Count;
            if (score > bestScore) (best, bestScore) = (candidate, score);
        }
        return best;
    }

    /// <summary>Splits one line on <paramref name="separator"/>, honouring RFC 4180 quotes.</summary>
    public static IReadOnlyList<string> Split(string line, char separator)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"' && current.Length == 0) quoted = true;
            else if (c == separator) { fields.Add(current.ToString().Trim()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString().Trim());
        return fields;
    }
}
