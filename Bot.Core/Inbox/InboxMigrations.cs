using LicenseBot.Core.Storage;

namespace LicenseBot.Core.Inbox;

/// <summary>
/// The inbox: every Webex event the bot acknowledged, stored before the acknowledgement, until it is handled (and a
/// week after, so a redelivery is recognised by its unique <c>event_id</c>). Takes over from the core area's
/// <c>webhook_events</c>: its ids are carried over as handled events, so duplicates are recognised in one place. That
/// table is no longer written but left in place, so a release from before the inbox still starts after a rollback.
/// </summary>
public sealed class InboxMigrations : IMigrationSource
{
    private const string Rest = """
            event_id TEXT NOT NULL UNIQUE,
            space_id TEXT NOT NULL,
            resource TEXT NOT NULL,
            envelope TEXT NOT NULL,
            trace_parent TEXT NULL,
            received_at BIGINT NOT NULL,
            handled_at BIGINT NULL,
            lease_owner TEXT NULL,
            lease_until BIGINT NULL,
            attempts INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX ix_inbox_events_waiting ON inbox_events (space_id, seq) WHERE handled_at IS NULL;
        CREATE INDEX ix_inbox_events_handled ON inbox_events (handled_at) WHERE handled_at IS NOT NULL;
        INSERT INTO inbox_events (event_id, space_id, resource, envelope, received_at, handled_at)
            SELECT event_id, '', resource, '', received_at, received_at FROM webhook_events;
        """;

    public IEnumerable<Migration> Migrations { get; } =
    [
        new("inbox", 1, "durable inbox of acknowledged events (takes over from webhook_events)",
            "CREATE TABLE inbox_events (\n    seq INTEGER PRIMARY KEY AUTOINCREMENT,\n" + Rest,
            "CREATE TABLE inbox_events (\n    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n" + Rest),
        // The waiting events in the order they came, so a claim reads the oldest few instead of every waiting event.
        new("inbox", 2, "waiting events in arrival order",
            "CREATE INDEX ix_inbox_events_queue ON inbox_events (seq) WHERE handled_at IS NULL;"),
    ];
}
