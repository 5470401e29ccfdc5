using LicenseBot.Core.Licensing.Audit;
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
        await log.AppendAsync(Entry("b", "carol@acme.test", 2, "Partial") with { Detail = "add X did not apply" }, CancellationToken.None);

        var latest = await log.LatestAsync(null, 10, CancellationToken.None);

        Assert.Equal(["b", "a"], latest.Select(e => e.Id));
        Assert.Equal(Entry("b", "carol@acme.test", 2, "Partial") with { Detail = "add X did not apply", Before = latest[0].Before, After = latest[0].After }, latest[0]);
        Assert.Equal(["L-CALL-PRO-OLD"], latest[0].Before);
        Assert.Equal(["L-CALL-PRO-NEW"], latest[0].After);
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
