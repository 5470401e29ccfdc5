namespace LicenseBot.Core.Webex;

/// <summary>RFC 5988 <c>Link</c> headers, as Webex pages its lists: <c>&lt;https://…&gt;; rel="next"</c>.</summary>
public static class LinkHeader
{
    public static string? Next(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values)) return null;
        foreach (var value in values)
        {
            foreach (var part in value.Split(','))
            {
                var segments = part.Split(';');
                var target = segments[0].Trim();
                if (target.Length < 2 || target[0] != '<' || target[^1] != '>') continue;
                if (segments.Skip(1).Any(s => s.Trim().Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
                {
                    return target[1..^1];
                }
            }
        }
        return null;
    }
}
