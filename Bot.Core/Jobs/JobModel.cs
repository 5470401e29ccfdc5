using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Jobs;

public enum JobKind
{
    CsvMove,
    SubscriptionMove,
    /// <summary>Takes the rows another job changed back to what they held before (<c>undo &lt;job&gt;</c>).</summary>
    Undo,
}

public enum JobState
{
    /// <summary>Planned and stored; waits for the admin's confirmation. Nothing changes in this state.</summary>
    Planned,
    /// <summary>Confirmed; the runner will pick it up.</summary>
    Queued,
    Running,
    Completed,
    Cancelled,
    /// <summary>Not confirmed: cancelled on the plan card, or its confirmation expired.</summary>
    Discarded,
}

public enum RowState
{
    Pending,
    /// <summary>Journaled just before the PATCH; a row found in this state after a crash is resolved by reading the user.</summary>
    Applying,
    Done,
    Failed,
    Skipped,
}

/// <summary>A bulk job: a stored plan of rows, who asked and confirmed it, where it reports, and how far it got. <see cref="Labels"/> names its licences by id.</summary>
public sealed record BulkJob(
    string Id,
    JobKind Kind,
    JobState State,
    string Title,
    IReadOnlyDictionary<string, string> Labels,
    string RoomId,
    string? ThreadId,
    string RequestedBy,
    string? ConfirmedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    bool CancelRequested,
    string? ProgressMessageId,
    int ProgressEdits)
{
    /// <summary>The org whose licences the job changes; null for jobs stored before the org was recorded.</summary>
    public string? OrgId { get; init; }
}

/// <summary>
/// One user's change in a job, journaled around its PATCH. <see cref="BeforeIds"/> is what the plan saw; a user whose
/// licences differ when the row's turn comes is skipped, never overwritten.
/// </summary>
public sealed record JobRow(
    string JobId,
    int Seq,
    int SourceRow,
    string Email,
    string PersonId,
    IReadOnlyList<string> BeforeIds,
    IReadOnlyList<LicenceAdd> Adds,
    IReadOnlyList<string> RemoveIds,
    string BeforeText,
    string AfterText,
    RowState State,
    int Attempts = 0,
    LocalText? Error = null,
    string? TrackingId = null,
    IReadOnlyList<string>? AfterIds = null)
{
    public IReadOnlyList<string> PlannedAfterIds =>
        BeforeIds.Except(RemoveIds, StringComparer.Ordinal).Concat(Adds.Select(a => a.LicenceId)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// What the user held just before this row's change, given what they hold after it (<paramref name="after"/>, read
    /// back from Webex): the plan's view, corrected for licences the row does not touch that changed meanwhile.
    /// </summary>
    public IReadOnlyList<string> BeforeIdsGiven(IReadOnlyList<string> after) =>
        after.Where(id => !Adds.Any(a => a.LicenceId == id)).Concat(RemoveIds).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Every licence this row looks at or touches: what is re-checked before its PATCH.</summary>
    public IEnumerable<string> TouchedIds => RemoveIds.Concat(Adds.Select(a => a.LicenceId));

    /// <summary>The audit outcome journaled with the row's result (Applied, Partial, …); null before it finished or when nothing was sent.</summary>
    public string? AuditOutcome { get; init; }

    /// <summary>When the journal last changed the row (for a finished row: when its outcome was known).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Rows of a job by state.</summary>
public sealed record JobCounts(int Pending, int Applying, int Done, int Failed, int Skipped)
{
    public int Total => Pending + Applying + Done + Failed + Skipped;
    public int Finished => Done + Failed + Skipped;
}
