namespace LicenseBot.Core.Licensing.Audit;

/// <summary>The record of every licence change the bot made (safety principle 5). Stored in the bot's database.</summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken ct);

    /// <summary>Newest first; only the given user's entries when <paramref name="email"/> is set.</summary>
    Task<IReadOnlyList<AuditEntry>> LatestAsync(string? email, int max, CancellationToken ct);
}
