using System.Collections.Concurrent;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Licensing.Audit;

/// <summary>
/// The audit log as the bot writes it: who asked and who confirmed are stored with their e-mail addresses next to their
/// person ids, looked up once per person when the writer did not know them. A failed look-up keeps the id only.
/// </summary>
public sealed class NamedAuditLog(DbAuditLog inner, IWebexAdmin admin, ILogger<NamedAuditLog> logger) : IAuditLog
{
    private readonly ConcurrentDictionary<string, string> _emails = new(StringComparer.Ordinal);

    public async Task AppendAsync(AuditEntry entry, CancellationToken ct) =>
        await inner.AppendAsync(entry with
        {
            RequestedByEmail = entry.RequestedByEmail ?? await EmailOfAsync(entry.RequestedBy, ct),
            ConfirmedByEmail = entry.ConfirmedByEmail ?? await EmailOfAsync(entry.ConfirmedBy, ct),
        }, ct);

    public Task<IReadOnlyList<AuditEntry>> LatestAsync(string? email, int max, CancellationToken ct) => inner.LatestAsync(email, max, ct);

    private async Task<string?> EmailOfAsync(string personId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(personId)) return null;
        if (_emails.TryGetValue(personId, out var known)) return known;
        try
        {
            var email = (await admin.GetPersonAsync(personId, callingData: false, ct))?.PrimaryEmail;
            if (string.IsNullOrEmpty(email)) return null;
            _emails[personId] = email;
            return email;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning("Could not look up the e-mail of {PersonId} for the audit log: {Reason}", personId, ex.GetType().Name);
            return null;
        }
    }
}
