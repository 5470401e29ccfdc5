namespace LicenseBot.Core.Storage;

/// <summary>The foundation's tables: conversation/user state, processed webhook events, confirmations.</summary>
public sealed class CoreMigrations : IMigrationSource
{
    public IEnumerable<Migration> Migrations { get; } =
    [
        new("core", 1, "bot state with etags", """
            CREATE TABLE bot_state (
                key TEXT NOT NULL PRIMARY KEY,
                value TEXT NOT NULL,
                etag TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            """),
        new("core", 2, "processed webhook events", """
            CREATE TABLE webhook_events (
                event_id TEXT NOT NULL PRIMARY KEY,
                resource TEXT NOT NULL,
                received_at BIGINT NOT NULL
            );
            CREATE INDEX ix_webhook_events_received_at ON webhook_events (received_at);
            """),
        new("core", 3, "confirmation tokens", """
            CREATE TABLE confirmations (
                token TEXT NOT NULL PRIMARY KEY,
                person_id TEXT NOT NULL,
                flow TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                used_at BIGINT NULL
            );
            """),
    ];
}
