using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Text;
using LicenseBot.Tests.Harness;

namespace LicenseBot.Tests.Licensing;

public sealed class DbAuditLogTests
{
    private static AuditEntry Entry(string id, string email, int minute, string outcome = "Applied") => new(
        id, new DateTimeOffset(2026, 11, 25, 11, minute, 0, TimeSpan.Zero), "P-" + email, email, "P-ALICE", "P-ALICE",
        ["L-CALL-PRO-OLD"], ["L-CALL-PRO-NEW"], outcome, "TRK-" + id, null);

    [Fact]
    public async Task Stores_every_field_and_reads_newest_first()
    {
        await using var db = new TestDatabase(new AuditMigrations());
        var log = new DbAuditLog(db.Database);
        await log.AppendAsync(Entry("a", "bob@acme.test", 1), CancellationToken.None);
        await log.AppendAsync(Entry("b", "carol@acme.test", 2, "Partial") with { Detail = LocalText.Of("audit.op_add_failed", "X") }, CancellationToken.None);

        var latest = await log.LatestAsync(null, 10, CancellationToken.None);

        Assert.Equal(["b", "a"], latest.Select(e => e.Id));
        Assert.Equal(Entry("b", "carol@acme.test", 2, "Partial") with { Detail = LocalText.Of("audit.op_add_failed", "X"), Before = latest[0].Before, After = latest[0].After }, latest[0]);
        Assert.Equal(["L-CALL-PRO-OLD"], latest[0].Before);
        Assert.Equal(["L-CALL-PRO-NEW"], latest[0].After);
    }

    [Fact]
    public Task A_detail_is_stored_unwritten_and_read_in_any_language_and_an_older_plain_detail_reads_back_as_written() =>
        TypedDetails(new TestDatabase(new AuditMigrations()));

    [PostgresFact]
    public async Task On_PostgreSQL_a_detail_is_stored_unwritten_and_an_older_plain_detail_reads_back_as_written() =>
        await TypedDetails(await TestPostgresDatabase.CreateAsync(new AuditMigrations()));

    private static async Task TypedDetails(IAsyncDisposable owner)
    {
        await using var _ = owner;
        var database = owner switch { TestDatabase t => (LicenseBot.Core.Storage.IBotDatabase)t.Database, TestPostgresDatabase p => p.Database, _ => throw new InvalidOperationException() };
        var log = new DbAuditLog(database);
        var detail = LocalText.Join(" ", [LocalText.Of("jobs.audit.detail", "J7K2QX", 3), LocalText.Of("jobs.row.unavailable", 3)]);
        await log.AppendAsync(Entry("typed", "bob@acme.test", 1) with { Detail = detail }, CancellationToken.None);
        // An entry made before details were typed (audit migration 3): its words are in `detail`, nothing in `detail_text`.
        await log.AppendAsync(Entry("old", "bob@acme.test", 2), CancellationToken.None);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE audit_entries SET detail = 'Job J1, row 2.' WHERE id = 'old'");

        var latest = await log.LatestAsync("bob@acme.test", 10, CancellationToken.None);

        Assert.Equal(["old", "typed"], latest.Select(e => e.Id));
        Assert.Equal(("Job J1, row 2.", "Job J1, row 2."), (latest[0].Detail!.In(BotLanguage.English), latest[0].Detail!.In(BotLanguage.Dutch)));
        Assert.Equal(detail, latest[1].Detail);
        Assert.StartsWith("Job J7K2QX, row 3. Webex did not answer clearly after 3 attempts", latest[1].Detail!.In(BotLanguage.English));
        Assert.StartsWith("Taak J7K2QX, rij 3. Webex gaf na 3 pogingen geen duidelijk antwoord", latest[1].Detail!.In(BotLanguage.Dutch));
    }

    [Fact]
    public async Task Filters_by_user_case_insensitively_and_limits()
    {
        await using var db = new TestDatabase(new AuditMigrations());
        var log = new DbAuditLog(db.Database);
        for (var i = 0; i < 5; i++) await log.AppendAsync(Entry($"bob{i}", "bob@acme.test", i), CancellationToken.None);
        await log.AppendAsync(Entry("carol", "carol@acme.test", 9), CancellationToken.None);

        var bob = await log.LatestAsync("BOB@acme.test", 3, CancellationToken.None);

        Assert.Equal(["bob4", "bob3", "bob2"], bob.Select(e => e.Id));
    }
}
