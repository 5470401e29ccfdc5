using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Edit;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Features.Reset;
using LicenseBot.Core.Journal;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Text;

namespace LicenseBot.Host.DevConsole;

/// <summary>Every card of the external-user reset, built by the real builders from sample states, for the card catalogue.</summary>
internal sealed class ResetCardSamples : ICardSamples
{
    private static Licence L(string id, string name, string sub, int total, int used, string? site = null) =>
        new(id, name, LicenceClassifier.Classify(name, site), sub, SubscriptionState.Active, total, used, site);

    private static readonly Licence MsgOld = L("L-MSG-OLD", "Messaging", "Sub-OLD", 3000, 2010);
    private static readonly Licence MsgNew = L("L-MSG-NEW", "Messaging", "Sub-NEW", 3000, 12);
    private static readonly Licence Meetings = L("L-MTG-NEW", "Meeting - Webex Meetings", "Sub-NEW", 3000, 40, "acme.webex.com");
    private static readonly Licence CxEssentials = L("L-CXE-NEW", "Customer Experience - Essentials", "Sub-NEW", 100, 3);
    private static readonly Licence Standard = L("L-CALL-STD-NEW", "Webex Calling - Standard", "Sub-NEW", 300, 30);
    private static readonly OrgLicences Org = new([MsgOld, MsgNew, Meetings, CxEssentials, Standard]);

    private static readonly LicensedUser Erin = new("P-ERIN", "erin@partner.example", "Erin External", UserStatus.Pending, true, false,
        [MsgOld.Id], null, [], []);

    private static readonly DateTimeOffset At = new(2026, 11, 25, 11, 0, 0, TimeSpan.Zero);

    private static readonly ResetPlan Plan = new("sample", Erin, "P-ALICE", At, [MsgOld], [MsgNew, Meetings], [],
        [], [new UnitsAfter(MsgNew.Id, MsgNew.Label, 3000, 2988, 2987), new UnitsAfter(Meetings.Id, Meetings.Label, 3000, 2960, 2959), new UnitsAfter(MsgOld.Id, MsgOld.Label, 3000, 990, 991)]);

    private static readonly ResetPlan BlockedPlan = Plan with
    {
        After = [Standard, CxEssentials],
        Findings = [RuleFinding.Violation("R3", LocalText.Of(R3StandardExcludesCxEssentials.Text, "Webex Calling - Standard", "Customer Experience - Essentials"))],
    };

    private static ResetOperation Op(ResetState state, int attempts) =>
        new("sample-op", Plan, "P-ALICE", "R-ADMINS", "M-THREAD", state, attempts, At, At, At, state == ResetState.Done ? "P-EXT-7F3A" : null, null, false);

    public IEnumerable<CardSample> GetSamples()
    {
        var cards = new ResetCards(new EditLicenceCards());
        var users = new List<ExternalUser>
        {
            new("P-ERIN", "erin@partner.example", "Erin External", UserStatus.Pending, [MsgOld], At.AddDays(-3)),
            new("P-PIA", "pia@partner.example", "Pia Pending", UserStatus.Pending, [MsgOld, Meetings], null),
            new("P-OSCAR", "oscar@partner.example", "Oscar Outsider", UserStatus.Active, [MsgOld, Meetings], At.AddDays(-40)),
        };
        var many = Enumerable.Range(1, 19).Select(i => new ExternalUser($"P-X{i}", $"guest{i}@partner.example", $"Guest {i}",
            i % 3 == 0 ? UserStatus.Active : UserStatus.Pending, [MsgOld], At.AddHours(-i))).ToList();
        var list = new ExternalUsersCards();

        yield return Sample("external", "External users", list.Page(users, 1));
        yield return Sample("external", "External users, middle page", list.Page(many, 2));
        yield return Sample("external", "No external users", list.Page([], 1));
        yield return Sample("reset", "Choose licences", cards.Choose(Erin, Org));
        yield return Sample("reset", "Confirm both steps", cards.Confirm(Plan, "sample-token"));
        yield return Sample("reset", "Blocked by R3", cards.Blocked(BlockedPlan));
        yield return Sample("reset", "Done", cards.Done(Op(ResetState.Done, 0), resumed: false));
        yield return Sample("reset", "Done after a restart", cards.Done(Op(ResetState.Done, 1), resumed: true));
        yield return Sample("reset", "Step 2 failed, retrying", cards.Retrying(Op(ResetState.Adding, 1), LocalText.Of("reset.error.webex", 503, "Service Unavailable", "TRK-503"), TimeSpan.FromMinutes(1)));
        yield return Sample("reset", "Gave up", cards.GaveUp(Op(ResetState.Failed, 30), LocalText.Of("reset.error.webex", 400, "No free units", "TRK-400")));
    }

    private static CardSample Sample(string flow, string name, LicenceCard card) => new(flow, name, CardJson.ToElement(card.Card), card.Fallback);
}
