using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Features.Repair;
using LicenseBot.Core.Licensing.Model;

namespace LicenseBot.Host.DevConsole;

/// <summary>Every card of the calling repair (R9), built by the real builders from sample states, for the card catalogue.</summary>
internal sealed class RepairCardSamples : ICardSamples
{
    private static Licence L(string id, string name, string sub, int total, int used) =>
        new(id, name, LicenceClassifier.Classify(name), sub, SubscriptionState.Active, total, used);

    private static readonly Licence ProNew = L("L-CALL-PRO-NEW", "Webex Calling - Professional", "Sub-NEW", 3000, 410);
    private static readonly Licence Messaging = L("L-MSG-OLD", "Messaging", "Sub-OLD", 3000, 2010);

    private static readonly DateTimeOffset At = new(2026, 11, 25, 11, 0, 0, TimeSpan.Zero);

    private static readonly LicensedUser Bob = new("P-BOB", "bob@acme.test", "Bob Builder", UserStatus.Active, false, false,
        [ProNew.Id, Messaging.Id], new CallingData("LOC-AMS", "+31201000002", "1002"), [], []);

    private static readonly RepairPlan Plan = new("sample", Bob, ProNew, "Amsterdam", At.AddMinutes(-40), "P-ALICE", At);

    public IEnumerable<CardSample> GetSamples()
    {
        var cards = new RepairCards();
        yield return Sample("Confirm (first)", cards.Confirm(Plan, "sample-token"));
        yield return Sample("Confirm removal and assigning again (second)", cards.ConfirmRemoval(Plan, "sample-token"));
        yield return Sample("Confirm, location without a name", cards.Confirm(Plan with { LocationName = null }, "sample-token"));
        yield return Sample("Done: everything back", cards.Result(new RepairResult(Plan, [ProNew, Messaging], Bob.Calling, "Amsterdam", Resumed: false)));
        yield return Sample("Done after an interruption, extension not back", cards.Result(new RepairResult(Plan, [ProNew, Messaging],
            new CallingData("LOC-AMS", "+31201000002", null), "Amsterdam", Resumed: true)));
    }

    private static CardSample Sample(string name, LicenceCard card) => new(RepairCards.Flow, name, CardJson.ToElement(card.Card), card.Fallback);
}
