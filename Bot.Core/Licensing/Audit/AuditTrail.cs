namespace LicenseBot.Core.Licensing.Audit;

/// <summary>What the audit log says about one licence of one user.</summary>
public static class AuditTrail
{
    /// <summary>
    /// When the bot last gave the user <paramref name="licenceId"/>: the newest entry whose read-back state holds the
    /// licence while the state before did not. Null when no entry shows the bot adding it, or when the newest entry that
    /// touched it took it away (then the licence the user holds now came from elsewhere, e.g. Control Hub).
    /// </summary>
    /// <param name="newestFirst">The user's entries, newest first (<see cref="IAuditLog.LatestAsync"/>).</param>
    public static DateTimeOffset? LastAdded(IEnumerable<AuditEntry> newestFirst, string licenceId)
    {
        foreach (var entry in newestFirst)
        {
            var before = entry.Before.Contains(licenceId, StringComparer.Ordinal);
            var after = entry.After.Contains(licenceId, StringComparer.Ordinal);
            if (!before && after) return entry.At;
            if (before && !after) return null;
        }
        return null;
    }
}
