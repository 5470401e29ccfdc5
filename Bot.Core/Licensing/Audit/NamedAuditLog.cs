using LicenseBot.Core.Webex;

namespace LicenseBot.Core.Licensing.Audit;

/// <summary>
/// The audit log as the bot writes it: who asked and who confirmed are stored with their e-mail addresses next to their
/// person ids, looked up (once per person, <see cref="PersonDirectory"/>) when the writer did not know them. A failed
/// look-up keeps the id only.
/// </summary>
public sealed class NamedAuditLog(DbAuditLog inner, PersonDirectory people) : IAuditLog
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken ct) =>
        await inner.AppendAsync(entry with
        {
            RequestedByEmail = entry.RequestedByEmail ?? (await people.FindAsync(entry.RequestedBy, ct))?.Email,
            ConfirmedByEmail = entry.ConfirmedByEmail ?? (await people.FindAsync(entry.ConfirmedBy, ct))?.Email,
        }, ct);

    public Task<IReadOnlyList<AuditEntry>> LatestAsync(string? email, int max, CancellationToken ct) => inner.LatestAsync(email, max, ct);
}
