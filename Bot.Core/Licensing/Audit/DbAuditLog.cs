using System.Text.Json;
using Dapper;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Audit;

/// <summary>The audit log in the bot's database (SQLite or PostgreSQL). Entries are only ever added.</summary>
public sealed class DbAuditLog(IBotDatabase database) : IAuditLog
{
    /// <summary>Adds the entry (group-committed with other writes); an entry whose id is already recorded is kept as it was (a replayed write records nothing new).</summary>
    public Task AppendAsync(AuditEntry entry, CancellationToken ct) =>
        database.WriteAsync((connection, transaction, c) => connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO audit_entries (id, at, person_id, email, requested_by, confirmed_by, before_licences, after_licences, outcome, tracking_id, detail_text, requested_by_email, confirmed_by_email)
            VALUES (@Id, @At, @PersonId, @Email, @RequestedBy, @ConfirmedBy, @Before, @After, @Outcome, @TrackingId, @Detail, @RequestedByEmail, @ConfirmedByEmail)
            ON CONFLICT (id) DO NOTHING;
            """,
            new
            {
                entry.Id,
                At = entry.At.ToUnixTimeMilliseconds(),
                entry.PersonId,
                Email = entry.Email.ToLowerInvariant(),
                entry.RequestedBy,
                entry.ConfirmedBy,
                Before = JsonSerializer.Serialize(entry.Before),
                After = JsonSerializer.Serialize(entry.After),
                entry.Outcome,
                entry.TrackingId,
                Detail = entry.Detail?.ToJson(),
                entry.RequestedByEmail,
                entry.ConfirmedByEmail,
            }, transaction, cancellationToken: c)), ct);

    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(string? email, int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT id AS Id, at AS At, person_id AS PersonId, email AS Email, requested_by AS RequestedBy, confirmed_by AS ConfirmedBy,
                   before_licences AS Before, after_licences AS After, outcome AS Outcome, tracking_id AS TrackingId, detail AS Detail, detail_text AS DetailText,
                   requested_by_email AS RequestedByEmail, confirmed_by_email AS ConfirmedByEmail
            FROM audit_entries
            {(email is null ? "" : "WHERE email = @email")}
            ORDER BY at DESC, id DESC
            LIMIT @max;
            """, new { email = email?.ToLowerInvariant(), max }, cancellationToken: ct));
        return rows.Select(r => new AuditEntry(
            r.Id, DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.PersonId, r.Email, r.RequestedBy, r.ConfirmedBy,
            JsonSerializer.Deserialize<List<string>>(r.Before) ?? [], JsonSerializer.Deserialize<List<string>>(r.After) ?? [],
            r.Outcome, r.TrackingId,
            r.DetailText is not null ? LocalText.FromJson(r.DetailText) : r.Detail is not null ? LocalText.Verbatim(r.Detail) : null, r.RequestedByEmail, r.ConfirmedByEmail)).ToList();
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public long At { get; set; }
        public string PersonId { get; set; } = "";
        public string Email { get; set; } = "";
        public string RequestedBy { get; set; } = "";
        public string ConfirmedBy { get; set; } = "";
        public string Before { get; set; } = "[]";
        public string After { get; set; } = "[]";
        public string Outcome { get; set; } = "";
        public string? TrackingId { get; set; }
        /// <summary>Plain words, as entries made before details were typed (audit migration 3) stored them.</summary>
        public string? Detail { get; set; }
        /// <summary>The typed detail (<see cref="LocalText"/> as JSON).</summary>
        public string? DetailText { get; set; }
        public string? RequestedByEmail { get; set; }
        public string? ConfirmedByEmail { get; set; }
    }
}
