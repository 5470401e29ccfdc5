using System.Text.RegularExpressions;

namespace LicenseBot.Core.Licensing.Model;

/// <summary>What a licence an admin typed resolves to: exactly one, or the candidates to choose from (never a guess).</summary>
public sealed record LicenceMatch(Licence? Licence, IReadOnlyList<Licence> Candidates, bool IsAmbiguous)
{
    public bool IsResolved => Licence is not null;
}

/// <summary>
/// Finds a licence by id, by its label as cards show it (<c>Meeting - Webex Meetings (acme.webex.com) [Sub-OLD]</c>), by its name,
/// or by name plus subscription (<c>Webex Calling - Professional [Sub-NEW]</c>).
/// Names compare ignoring case, spacing and dashes. Two licences with the name and no subscription given: ambiguous.
/// </summary>
public static partial class LicenceLookup
{
    public static LicenceMatch Find(OrgLicences org, string text)
    {
        var asked = text.Trim();
        if (org.Find(asked) is { } byId) return new LicenceMatch(byId, [byId], false);
        var byLabel = org.Licences.Where(l => LicenceClassifier.Normalise(l.Label) == LicenceClassifier.Normalise(asked)).ToList();
        if (byLabel.Count == 1) return new LicenceMatch(byLabel[0], byLabel, false);

        var withSubscription = NameAndSubscription().Match(asked);
        if (withSubscription.Success)
        {
            var name = LicenceClassifier.Normalise(withSubscription.Groups["name"].Value);
            var sub = withSubscription.Groups["sub"].Value.Trim();
            var exact = org.Licences.Where(l => LicenceClassifier.Normalise(l.Name) == name && string.Equals(l.SubscriptionId, sub, StringComparison.OrdinalIgnoreCase)).ToList();
            if (exact.Count == 1) return new LicenceMatch(exact[0], exact, false);
            if (exact.Count > 1) return new LicenceMatch(null, exact, true);
            asked = withSubscription.Groups["name"].Value;
        }

        var normalised = LicenceClassifier.Normalise(asked);
        var byName = org.Licences.Where(l => LicenceClassifier.Normalise(l.Name) == normalised).ToList();
        if (byName.Count == 1 && !withSubscription.Success) return new LicenceMatch(byName[0], byName, false);
        if (byName.Count >= 1) return new LicenceMatch(null, byName, byName.Count > 1);

        // Unknown: offer the licences of the service the text seems to name, else every licence that can be added.
        var family = LicenceClassifier.Classify(asked).Family;
        var sameFamily = org.Licences.Where(l => l.Family == family && l.CanBeAdded).ToList();
        return new LicenceMatch(null, sameFamily.Count > 0 ? sameFamily : org.Licences.Where(l => l.CanBeAdded).ToList(), false);
    }

    [GeneratedRegex(@"^(?<name>.+?)\s*\[(?<sub>[^\]]+)\]\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex NameAndSubscription();
}
