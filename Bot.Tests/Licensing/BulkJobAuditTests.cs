using System.Text;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Tests.Harness;
using Microsoft.Extensions.Logging.Abstractions;
using static LicenseBot.Tests.Jobs.BulkSpace;

namespace LicenseBot.Tests.Licensing;

/// <summary>Safety principle 5 for bulk work: every row whose change was sent is in the audit log.</summary>
public sealed class BulkJobAuditTests
{
    [Fact]
    public async Task A_confirmed_csv_move_leaves_one_audit_entry_per_row_that_audit_shows()
    {
        await using var space = await BotSpace.StartAsync(Seed(3));
        var alice = space.As("alice@acme.test");
        var upload = await alice.UploadAsync(Room, "move.csv", Encoding.UTF8.GetBytes(MoveFile([1, 2, 3])), $"<@personId:{space.BotId}|LicenseBot>");
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan");
        await alice.SubmitAsync(plan, "Confirm");
        Assert.Contains("Done\n3", (await space.CardAsync(upload.ThreadId, "finished", TimeSpan.FromSeconds(30))).CardText);

        var asked = await alice.MentionAsync(Room, $"audit {Email(2)}");
        var card = (await space.NextBotMessageAsync(Room, asked.Id)).CardText;

        Assert.Single(card.Split('\n'), line => line.Contains(Email(2)) && line.Contains("Applied"));
        Assert.Contains("Bulk job", card);
        Assert.Contains("P-ALICE", card);
        Assert.Contains(ProOld, card);
        Assert.Contains(ProNew, card);
        Assert.DoesNotContain(Email(1), card);

        var all = await alice.MentionAsync(Room, "audit");
        var everything = (await space.NextBotMessageAsync(Room, all.Id)).CardText;
        Assert.All([1, 2, 3], i => Assert.Contains(Email(i), everything));
    }

    private static readonly BulkJob Job = new("J1", JobKind.CsvMove, JobState.Running, "move", new Dictionary<string, string>(), Room, null,
        "P-ALICE", "P-CAROL", DateTimeOffset.UnixEpoch, null, null, false, null, 0);

    private static JobRow Row(int seq) => new("J1", seq, seq + 1, Email(seq), Id(seq), [ProOld, "L-MSG-OLD"], [new RowAdd(ProNew)], [ProOld],
        "before", "after", RowState.Applying);

    [Fact]
    public async Task Partial_and_refused_rows_are_recorded_skipped_rows_are_not_and_a_replayed_row_is_recorded_once()
    {
        await using var db = new TestDatabase(new AuditMigrations());
        var log = new DbAuditLog(db.Database);
        var audit = new JobRowAudit(log, db.Time, NullLogger<JobRowAudit>.Instance);

        await audit.RecordAsync(Job, Row(1), new RowResult(RowState.Failed, "add X did not apply", "TRK-1", [ProOld, "L-MSG-OLD"]), default);
        await audit.RecordAsync(Job, Row(2), new RowResult(RowState.Failed, "refused", "TRK-2", null), default);
        await audit.RecordAsync(Job, Row(3), new RowResult(RowState.Skipped, "changed since", null, null), default);
        await audit.RecordAsync(Job, Row(4), new RowResult(RowState.Done, null, "TRK-4", [ProNew, "L-MSG-OLD"]), default);
        await audit.RecordAsync(Job, Row(4), new RowResult(RowState.Done, null, "TRK-4", [ProNew, "L-MSG-OLD"]), default);
        await audit.RecordAsync(Job, Row(5), new RowResult(RowState.Failed, "only the removal applied", "TRK-5", ["L-MSG-OLD"]), default);

        var entries = (await log.LatestAsync(null, 10, default)).ToDictionary(e => e.Email);

        Assert.Equal([Email(1), Email(2), Email(4), Email(5)], entries.Keys.Order());
        Assert.Equal(("Failed", "TRK-1"), (entries[Email(1)].Outcome, entries[Email(1)].TrackingId));
        Assert.Equal("Failed", entries[Email(2)].Outcome);
        Assert.Equal("Partial", entries[Email(5)].Outcome);
        var done = entries[Email(4)];
        Assert.Equal(("Applied", "P-ALICE", "P-CAROL", Id(4)), (done.Outcome, done.RequestedBy, done.ConfirmedBy, done.PersonId));
        Assert.Equal([ProOld, "L-MSG-OLD"], done.Before);
        Assert.Equal([ProNew, "L-MSG-OLD"], done.After);
        Assert.Contains("J1", done.Detail);
    }
}
