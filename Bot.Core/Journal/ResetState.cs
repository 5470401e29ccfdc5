namespace LicenseBot.Core.Journal;

/// <summary>
/// Where a reset operation stands in its journal. <see cref="Removing"/> and <see cref="Adding"/> are written BEFORE
/// the step's PATCH is sent: an operation found in one of them was interrupted, and the runner reads the user first to
/// learn whether the step took effect, never re-sending blindly.
/// </summary>
public enum ResetState
{
    /// <summary>Confirmed by the admin; nothing sent yet.</summary>
    Confirmed,
    /// <summary>Step 1 (remove every licence, by person id) is being sent.</summary>
    Removing,
    /// <summary>Step 1 is done: the user holds no licence of the org. Step 2 must follow.</summary>
    Removed,
    /// <summary>Step 2 (add the chosen licences, by e-mail) is being sent.</summary>
    Adding,
    /// <summary>The user is pending again with the chosen licences.</summary>
    Done,
    /// <summary>The user changed between the confirmation and step 1: nothing was sent.</summary>
    Stale,
    /// <summary>Step 2 kept failing and the runner gave up; the admin was told which licences to add by hand.</summary>
    Failed,
}

public static class ResetStates
{
    public static bool IsFinished(this ResetState state) => state is ResetState.Done or ResetState.Stale or ResetState.Failed;
}
