using LicenseBot.Core.Storage;

namespace LicenseBot.Core.Licensing.Audit;

/// <summary>The audit area's tables: one row per licence change the bot sent.</summary>
public sealed class AuditMigrations : IMigrationSource
{
    public IEnumerable<Migration> Migrations { get; } =
    [
        new("audit", 1, "licence change audit log", """
            CREATE TABLE audit_entries (
                id TEXT NOT NULL PRIMARY KEY,
                at BIGINT NOT NULL,
                person_id TEXT NOT NULL,
                email TEXT NOT NULL,
                requested_by TEXT NOT NULL,
                confirmed_by TEXT NOT NULL,
                before_licences TEXT NOT NULL,
                after_licences TEXT NOT NULL,
                outcome TEXT NOT NULL,
                tracking_id TEXT NULL,
                detail TEXT NULL
            );
            CREATE INDEX ix_audit_entries_email_at ON audit_entries (email, at);
            CREATE INDEX ix_audit_entries_at ON audit_entries (at);
            """),
        new("audit", 2, "e-mail addresses of who asked and who confirmed", """
            ALTER TABLE audit_entries ADD COLUMN requested_by_email TEXT NULL;
            ALTER TABLE audit_entries ADD COLUMN confirmed_by_email TEXT NULL;
            """),
        // The detail as a text key and its arguments (LocalText as JSON), written in the reader's language; entries made
        // before keep their words in `detail` and read back as those words.
        new("audit", 3, "an entry's detail stored typed, so it is written in the reader's language", """
            ALTER TABLE audit_entries ADD COLUMN detail_text TEXT NULL;
            """),
    ];
}
