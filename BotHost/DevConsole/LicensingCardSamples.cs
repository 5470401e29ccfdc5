using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Audit;
using LicenseBot.Core.Features.Edit;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Licensing.Applying;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Core.Text;

namespace LicenseBot.Host.DevConsole;

/// <summary>Every card of the licence flows, built by the real builders from a small sample org, for the card catalogue.</summary>
internal sealed class LicensingCardSamples : ICardSamples
{
    private static Licence L(string id, string name, string sub, int total, int used, string? site = null, SubscriptionState state = SubscriptionState.Active) =>
        new(id, name, LicenceClassifier.Classify(name, site), sub, state, total, used, site);

    private static readonly Licence ProOld = L("L-CALL-PRO-OLD", "Webex Calling - Professional", "Sub-OLD", 100, 40);
    private static readonly Licence ProNew = L("L-CALL-PRO-NEW", "Webex Calling - Professional", "Sub-NEW", 100, 10);
    private static readonly Licence Standard = L("L-CALL-STD", "Webex Calling - Standard", "Sub-NEW", 50, 5);
    private static readonly Licence Console = L("L-AC", "Webex Attendant Console", "Sub-NEW", 10, 1);
    private static readonly Licence Meetings = L("L-MTG", "Meeting - Webex Meetings", "Sub-NEW", 100, 20, "acme.webex.com");
    private static readonly Licence Messaging = L("L-MSG", "Messaging - Webex Messaging", "Sub-NEW", 500, 120);
    private static readonly Licence Suspended = L("L-CALL-SUSP", "Webex Calling - Professional", "Sub-SUSP", 20, 3, state: SubscriptionState.Suspended);
    private static readonly OrgLicences Org = new([ProOld, ProNew, Standard, Console, Meetings, Messaging, Suspended]);

    private static readonly LicensedUser Bob = new("P-BOB", "bob@acme.test", "Bob Builder", UserStatus.Active, false, false,
        [ProOld.Id, Messaging.Id, Meetings.Id], new CallingData("LOC-AMS", "+31201234568", "1002"), [], []);

    private static readonly DateTimeOffset At = new(2026, 11, 25, 11, 0, 0, TimeSpan.Zero);

    private static ChangePlan Plan(ChangeRequest request) => ChangePlanner.Plan("sample", At, Org, Bob, request, new HashSet<string>());

    public IEnumerable<CardSample> GetSamples()
    {
        var edit = new EditLicenceCards();
        var move = Plan(new MoveLicenceRequest(Bob.Email, "P-ALICE", ProNew.Id));
        var removal = Plan(new EditLicencesRequest(Bob.Email, "P-ALICE", [Messaging.Id, Meetings.Id], new Dictionary<string, MeetingAccountType>()));
        var blocked = Plan(new EditLicencesRequest(Bob.Email, "P-ALICE", [Standard.Id, Console.Id], new Dictionary<string, MeetingAccountType>()));
        var partial = new ApplyResult(ApplyOutcome.Partial, move, [Messaging, Meetings],
            [new OperationResult(ProOld, LicenceOperation.Remove, true), new OperationResult(ProNew, LicenceOperation.Add, false)],
            LeftWithoutCalling: true, 206, "TRK-206", [], null);
        var applied = partial with { Outcome = ApplyOutcome.Applied, AfterActual = [ProNew, Messaging, Meetings], LeftWithoutCalling = false, HttpStatus = 200, TrackingId = "TRK-200",
            Operations = [new OperationResult(ProOld, LicenceOperation.Remove, true), new OperationResult(ProNew, LicenceOperation.Add, true)] };
        var audit = new[]
        {
            new AuditEntry("a1", At, Bob.Id, Bob.Email, "P-ALICE", "P-ALICE", [ProOld.Id], [ProNew.Id], "Applied", "TRK-200", null),
            new AuditEntry("a2", At.AddMinutes(-5), "P-CAROL", "carol@acme.test", "P-ALICE", "P-ALICE", [ProOld.Id], [], "Partial", "TRK-206", LocalText.Of("audit.op_add_failed", ProNew.Label)),
        };

        yield return Sample("licences", "Org overview", new LicencesCards().Overview(Org));
        yield return Sample("licences", "Org overview: full, unused, cancelled with users", new LicencesCards().Overview(new OrgLicences(
        [
            L("L-CALL-FULL", "Webex Calling - Professional", "Sub-NEW", 50, 50),
            L("L-CALL-BASIC-UNUSED", "Webex Calling - Basic", "Sub-NEW", 600, 0),
            L("L-CALL-ONE", "Webex Calling - Standard", "Sub-NEW", 3000, 1),
            L("L-MSG-GONE", "Messaging - Webex Messaging", "Sub-GONE", 200, 187, state: SubscriptionState.Cancelled),
            L("L-MTG-EVENTS", "Meeting - Webex Meetings", "Sub-NEW", 100, 99, "acme-events.webex.com"),
        ])));
        yield return Sample("user", "One user", new UserCards().Details(Bob, Org, "Amsterdam"));
        yield return Sample("edit", "Edit form", edit.Edit(Bob, Org, "edit"));
        yield return Sample("edit", "Confirm a move", edit.Confirm(move, "edit", "sample-token"));
        yield return Sample("edit", "Confirm a calling removal (first)", edit.Confirm(removal, "edit", "sample-token"));
        yield return Sample("edit", "Confirm a calling removal (second)", edit.ConfirmRemoval(removal, "edit", "sample-token"));
        yield return Sample("edit", "Blocked by R2 and R12", edit.Blocked(blocked));
        yield return Sample("edit", "Result: applied", edit.Result(applied));
        yield return Sample("edit", "Result: partial, no calling left", edit.Result(partial));
        yield return Sample("move", "Choose an ambiguous licence", new MoveCards().Choose(Bob.Email, "Webex Calling - Professional", [ProOld, ProNew], true, "move"));
        yield return Sample("audit", "Latest changes", new AuditCards().Latest(audit, null, new AuditNames(Org, new Dictionary<string, string> { ["P-ALICE"] = "Alice Admin" })));
    }

    private static CardSample Sample(string flow, string name, LicenceCard card) => new(flow, name, CardJson.ToElement(card.Card), card.Fallback);
}
