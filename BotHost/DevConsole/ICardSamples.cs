namespace LicenseBot.Host.DevConsole;

/// <summary>
/// A flow's contribution to the card catalogue: every card the flow can send, built by its REAL card builder from
/// sample states. Implementations are found by reflection in this assembly, the dev console's (a public or internal sealed class with a
/// parameterless constructor), so adding a class is all it takes; the card fidelity tests then check each sample
/// with the official renderer, and the dev console's "Cards" page shows it.
/// <code>
/// internal sealed class EditLicenceCardSamples : ICardSamples
/// {
///     public IEnumerable&lt;CardSample&gt; GetSamples()
///     {
///         var cards = new EditLicenceCards();
///         yield return CardSample.Of("edit", "Confirm a move", cards.Confirm(SamplePlans.Move), "fallback markdown");
///         yield return CardSample.Of("edit", "Blocked by R3", cards.Blocked(SamplePlans.BreaksR3).ToActivity(...));
///     }
/// }
/// </code>
/// </summary>
public interface ICardSamples
{
    IEnumerable<CardSample> GetSamples();
}
