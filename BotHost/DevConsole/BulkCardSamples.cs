using LicenseBot.Core.Features.Bulk;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Features.Jobs;
using LicenseBot.Core.Features.Undo;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Host.DevConsole;

/// <summary>The bulk flows' cards for the catalogue, built by the real builders from a small sample org.</summary>
internal sealed class BulkCardSamples : ICardSamples
{
    public IEnumerable<CardSample> GetSamples()
    {
        var (snapshot, oldPro, newPro, suspended) = SampleOrg();

        var clean = new BulkPlanBuilder(snapshot, "CSV users.csv");
        clean.AddChange(2, "bob@acme.test", [newPro.Id], [oldPro.Id]);
        clean.AddChange(3, "carol@acme.test", [newPro.Id], [oldPro.Id]);
        clean.AddChange(4, "dave@acme.test", [oldPro.Id], []);
        var cleanPlan = clean.Build();
        yield return CardSample.Of("csvMove", "Plan ready to confirm", BulkPlanCards.Summary(cleanPlan, "csvMove", "sample-token"), BulkPlanCards.Fallback(cleanPlan));

        var mixed = new BulkPlanBuilder(snapshot, "CSV users-nl.csv");
        mixed.Note("Ignored columns (not licences of this org): 'Favourite colour'.");
        mixed.AddChange(2, "bob@acme.test", [newPro.Id], [oldPro.Id]);
        mixed.AddChange(3, "nobody@acme.test", [newPro.Id], [oldPro.Id]);
        mixed.AddChange(4, "bob@acme.test", [newPro.Id], [oldPro.Id]);
        mixed.AddChange(5, "erin@acme.test", [], [suspended.Id]);
        mixed.AddChange(7, "gwen@acme.test", [newPro.Id], [oldPro.Id]);
        mixed.AddProblem(6, "frank@acme.test", LocalText.Of("bulk.csv.row.bad_value", "Webex Calling - Professional [Sub-NEW]", "maybe"));
        var mixedPlan = mixed.Build();
        yield return CardSample.Of("csvMove", "Plan with problem rows", BulkPlanCards.Summary(mixedPlan, "csvMove", "sample-token"), BulkPlanCards.Fallback(mixedPlan));

        var move = SubscriptionMovePlanner.Plan(Tight(snapshot), "Sub-OLD", "Sub-NEW", "Move from Sub-OLD to Sub-NEW");
        yield return CardSample.Of("subscriptionMove", "Blocked by R7", BulkPlanCards.Summary(move.Plan!, "subscriptionMove", "sample-token"), BulkPlanCards.Fallback(move.Plan!));

        var job = new BulkJob("J7K2QX", JobKind.CsvMove, JobState.Completed, "CSV users.csv", cleanPlan.Labels, "ROOM", null, "P-ALICE", "P-ALICE",
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, false, "MSG", 4);
        var counts = new JobCounts(0, 0, 297, 2, 1);
        JobRow[] problems =
        [
            new(job.Id, 17, 18, "gina@acme.test", "P-GINA", [oldPro.Id], [new LicenceAdd(newPro.Id)], [oldPro.Id], oldPro.Label, newPro.Label, RowState.Failed,
                Error: LocalText.Of("jobs.row.partial", LocalText.Of("jobs.op.add", newPro.Label)), TrackingId: "ROUTER_1"),
            new(job.Id, 40, 41, "hank@acme.test", "P-HANK", [oldPro.Id], [new LicenceAdd(newPro.Id)], [oldPro.Id], oldPro.Label, newPro.Label, RowState.Skipped,
                Error: LocalText.Of("jobs.row.changed_now_lacks", oldPro.Label)),
        ];
        yield return CardSample.Of("jobs", "Job finished", JobCards.Result(job, counts, problems), JobCards.ResultFallback(job, counts));

        // move all from Sub-OLD to Sub-NEW, finished: the licence template may still hand out Sub-OLD.
        var moved = job with { Id = "JM0VE42", Kind = JobKind.SubscriptionMove, Title = "Move from Sub-OLD to Sub-NEW" };
        var movedCounts = new JobCounts(0, 0, 60, 0, 0);
        var template = LicenceTemplateNote.For(moved, [oldPro.Id], snapshot.Org);
        yield return CardSample.Of("jobs", "Job finished: licence template warning", JobCards.Result(moved, movedCounts, [], template), JobCards.ResultFallback(moved, movedCounts, template));

        // undo of a job that moved carol, gwen and erin from Sub-NEW to Sub-OLD; erin has been changed since.
        JobRow Done(int seq, string email, string person) =>
            new(moved.Id, seq, seq + 1, email, person, [newPro.Id], [new LicenceAdd(oldPro.Id, "LOC-AMS", "+31201234567", "1001")], [newPro.Id],
                newPro.Label, oldPro.Label, RowState.Done, AfterIds: [oldPro.Id]);
        var undone = moved with { Kind = JobKind.CsvMove, Title = "CSV back.csv" };
        var undo = UndoPlanner.Plan(snapshot, undone, [Done(1, "carol@acme.test", "P-CAROL"), Done(2, "gwen@acme.test", "P-GWEN"), Done(3, "erin@acme.test", "P-ERIN")],
            BotText.Format("undo.title", undone.Id, undone.Title));
        yield return CardSample.Of("undo", "Undo plan with a user left out", BulkPlanCards.Summary(undo, "undo", "sample-token"), BulkPlanCards.Fallback(undo));
        var running = job with { State = JobState.Running };
        yield return CardSample.Of("jobs", "Job started", JobCards.Started(running, "Alice Admin", 300), "Job J7K2QX started.");
        IReadOnlyList<(BulkJob, JobCounts)> list = [(running, new JobCounts(120, 8, 160, 2, 10)), (job, counts)];
        yield return CardSample.Of("jobs", "Jobs in a space", JobCards.List(list), JobCards.ListFallback(list));
    }

    private static (OrgSnapshot, Licence OldPro, Licence NewPro, Licence Suspended) SampleOrg()
    {
        var oldPro = L("L-CALL-PRO-OLD", "Webex Calling - Professional", "Sub-OLD", 100, 60);
        var newPro = L("L-CALL-PRO-NEW", "Webex Calling - Professional", "Sub-NEW", 100, 10);
        var meetingsOld = L("L-MTG-OLD", "Meeting - Webex Meetings", "Sub-OLD", 100, 50, site: "acme.webex.com");
        var suspended = L("L-CALL-BASIC-SUSP", "Webex Calling - Basic", "Sub-SUSP", 20, 5, SubscriptionState.Suspended);
        var ucm = L("L-UCM-OLD", "Unified CM - Enhanced", "Sub-OLD", 50, 5);
        var org = new OrgLicences([oldPro, newPro, meetingsOld, suspended, ucm]);
        var calling = new CallingData("LOC-AMS", "+31201234567", "1001");
        SnapshotUser U(string id, string email, params string[] licences) =>
            new(new LicensedUser(id, email, email, UserStatus.Active, false, false, licences, calling, [], []), null, null, "active");
        return (new OrgSnapshot(org, [
            U("P-BOB", "bob@acme.test", oldPro.Id, meetingsOld.Id),
            U("P-CAROL", "carol@acme.test", oldPro.Id),
            U("P-DAVE", "dave@acme.test"),
            U("P-ERIN", "erin@acme.test", suspended.Id),
            U("P-GWEN", "gwen@acme.test", oldPro.Id, ucm.Id),
        ]), oldPro, newPro, suspended);
    }

    /// <summary>The same org with no free unit left on the new subscription.</summary>
    private static OrgSnapshot Tight(OrgSnapshot snapshot) =>
        new(new OrgLicences(snapshot.Org.Licences.Select(l => l.SubscriptionId == "Sub-NEW" ? l with { TotalUnits = 11, ConsumedUnits = 10 } : l).ToList()), snapshot.Users);

    private static Licence L(string id, string name, string sub, int total, int used, SubscriptionState state = SubscriptionState.Active, string? site = null) =>
        new(id, name, LicenceClassifier.Classify(name, site), sub, state, total, used, site);
}
