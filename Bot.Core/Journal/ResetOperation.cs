using LicenseBot.Core.Text;

namespace LicenseBot.Core.Journal;

/// <summary>
/// One journaled reset: the confirmed plan, who asked and confirmed, where to report (room and thread), and its
/// progress. <see cref="PersonId"/> is the user's id before the reset; step 2 creates the user again under
/// <see cref="NewPersonId"/>.
/// </summary>
public sealed record ResetOperation(
    string Id,
    ResetPlan Plan,
    string ConfirmedBy,
    string RoomId,
    string? ThreadId,
    ResetState State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset NextAttemptAt,
    string? NewPersonId,
    LocalText? LastError,
    bool FailureReported)
{
    public string PersonId => Plan.User.Id;
    public string Email => Plan.User.Email;
}

/// <summary>The two steps of a reset.</summary>
public enum ResetStep
{
    Remove,
    Add,
}

/// <summary>One journal line: a step about to be sent (<c>before</c>) or its outcome (<c>after</c>).</summary>
public sealed record ResetStepRecord(int Seq, DateTimeOffset At, ResetStep Step, string Phase, string? Outcome, string? TrackingId, LocalText? Detail)
{
    public const string BeforePhase = "before";
    public const string AfterPhase = "after";
}
