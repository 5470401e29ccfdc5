using LicenseBot.Core.Storage;

namespace LicenseBot.Core.Journal;

/// <summary>The reset journal: one row per confirmed reset (or calling repair, by kind), and its steps before and after each PATCH.</summary>
public sealed class ResetMigrations : IMigrationSource
{
    public IEnumerable<Migration> Migrations { get; } =
    [
        new("reset", 1, "external user reset journal", """
            CREATE TABLE reset_operations (
                id TEXT NOT NULL PRIMARY KEY,
                person_id TEXT NOT NULL,
                email TEXT NOT NULL,
                plan TEXT NOT NULL,
                confirmed_by TEXT NOT NULL,
                room_id TEXT NOT NULL,
                thread_id TEXT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at BIGINT NOT NULL,
                lease_owner TEXT NULL,
                lease_until BIGINT NULL,
                new_person_id TEXT NULL,
                last_error TEXT NULL,
                failure_reported INTEGER NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            CREATE INDEX ix_reset_operations_state ON reset_operations (state, next_attempt_at);
            CREATE TABLE reset_steps (
                operation_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                at BIGINT NOT NULL,
                step TEXT NOT NULL,
                phase TEXT NOT NULL,
                outcome TEXT NULL,
                tracking_id TEXT NULL,
                detail TEXT NULL,
                PRIMARY KEY (operation_id, seq)
            );
            """),
        new("reset", 2, "the journal also holds calling repairs (R9): the kind of each operation", """
            ALTER TABLE reset_operations ADD COLUMN kind TEXT NOT NULL DEFAULT 'reset';
            """),
        new("reset", 3, "step details and the last error as typed texts (JSON); older rows keep their words in detail and last_error", """
            ALTER TABLE reset_steps ADD COLUMN detail_text TEXT NULL;
            ALTER TABLE reset_operations ADD COLUMN last_error_text TEXT NULL;
            """),
    ];
}
