using LicenseBot.Core.Storage;

namespace LicenseBot.Core.Jobs;

/// <summary>
/// The jobs area: a job and its rows are written when the plan is made, before anything can change; each row's
/// state is journaled around its PATCH. A job is run by one instance at a time under a lease, and each row it works on
/// is claimed under a lease of its own (<c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL): a row is sent only by its claimant.
/// </summary>
public sealed class JobMigrations : IMigrationSource
{
    public IEnumerable<Migration> Migrations { get; } =
    [
        new("jobs", 1, "bulk jobs and their journaled rows", """
            CREATE TABLE bulk_jobs (
                id TEXT NOT NULL PRIMARY KEY,
                kind TEXT NOT NULL,
                state TEXT NOT NULL,
                title TEXT NOT NULL,
                labels TEXT NOT NULL,
                room_id TEXT NOT NULL,
                thread_id TEXT NULL,
                requested_by TEXT NOT NULL,
                confirmed_by TEXT NULL,
                created_at BIGINT NOT NULL,
                started_at BIGINT NULL,
                finished_at BIGINT NULL,
                cancel_requested INTEGER NOT NULL DEFAULT 0,
                progress_message_id TEXT NULL,
                progress_edits INTEGER NOT NULL DEFAULT 0,
                lease_owner TEXT NULL,
                lease_until BIGINT NULL
            );
            CREATE INDEX ix_bulk_jobs_state ON bulk_jobs (state);
            CREATE INDEX ix_bulk_jobs_room ON bulk_jobs (room_id, created_at);
            CREATE TABLE bulk_job_rows (
                job_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                source_row INTEGER NOT NULL,
                email TEXT NOT NULL,
                person_id TEXT NOT NULL,
                before_ids TEXT NOT NULL,
                adds TEXT NOT NULL,
                remove_ids TEXT NOT NULL,
                before_text TEXT NOT NULL,
                after_text TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                error TEXT NULL,
                tracking_id TEXT NULL,
                after_ids TEXT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (job_id, seq)
            );
            CREATE INDEX ix_bulk_job_rows_state ON bulk_job_rows (job_id, state, seq);
            """),
        new("jobs", 2, "rows claimed with a lease, so two instances never apply one row", """
            ALTER TABLE bulk_job_rows ADD COLUMN lease_owner TEXT NULL;
            ALTER TABLE bulk_job_rows ADD COLUMN lease_until BIGINT NULL;
            """),
        new("jobs", 3, "a row's audit entry is owed until written, so a crash between the two never loses it", """
            ALTER TABLE bulk_job_rows ADD COLUMN audit_outcome TEXT NULL;
            ALTER TABLE bulk_job_rows ADD COLUMN audit_pending INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX ix_bulk_job_rows_audit ON bulk_job_rows (job_id, audit_pending);
            """),
        new("jobs", 4, "the org a job changes, so a job is never undone against another org", """
            ALTER TABLE bulk_jobs ADD COLUMN org_id TEXT NULL;
            """),
        // A row's reason is kept as a text key and its arguments (LocalText as JSON), so the results file and cards say it in
        // the reader's language; rows finished before keep their words in `error` and read back as those words.
        new("jobs", 5, "a row's error or skip reason stored typed, so it is written in the reader's language", """
            ALTER TABLE bulk_job_rows ADD COLUMN reason TEXT NULL;
            """),
    ];
}
