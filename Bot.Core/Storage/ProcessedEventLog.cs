using Dapper;

namespace LicenseBot.Core.Storage;

/// <summary>
/// Remembers webhook events already accepted (by <c>data.id</c>), in the database, so a redelivery — also one that
/// arrives after a restart — is recognised and ignored.
/// </summary>
public interface IProcessedEventLog
{
    /// <summary>True when the event is new (and is now recorded); false when it was seen before.</summary>
    Task<bool> TryRecordAsync(string eventId, string resource, CancellationToken ct);

    /// <summary>Forgets an event that was recorded but could not be queued, so its redelivery is processed.</summary>
    Task ForgetAsync(string eventId, CancellationToken ct);

    /// <summary>Drops records older than <paramref name="age"/>; Webex does not redeliver that late.</summary>
    Task<int> PruneAsync(TimeSpan age, CancellationToken ct);
}

public sealed class ProcessedEventLog(IBotDatabase database, TimeProvider time) : IProcessedEventLog
{
    public async Task<bool> TryRecordAsync(string eventId, string resource, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO webhook_events (event_id, resource, received_at) VALUES (@eventId, @resource, @now) ON CONFLICT (event_id) DO NOTHING;",
            new { eventId, resource, now = time.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return rows == 1;
    }

    public async Task ForgetAsync(string eventId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM webhook_events WHERE event_id = @eventId;", new { eventId }, cancellationToken: ct));
    }

    public async Task<int> PruneAsync(TimeSpan age, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var cutoff = (time.GetUtcNow() - age).ToUnixTimeMilliseconds();
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM webhook_events WHERE received_at < @cutoff;", new { cutoff }, cancellationToken: ct));
    }
}
