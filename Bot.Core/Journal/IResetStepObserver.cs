namespace LicenseBot.Core.Journal;

/// <summary>
/// Told when a reset's first step (removal) is journaled and its second (adding again) is about to start. A host
/// registers none; the journal tests register one that stops the run right there, as a host that dies between the two
/// steps would, and check that the reset is resumed from its journal.
/// </summary>
public interface IResetStepObserver
{
    void BetweenSteps(ResetOperation op);
}
