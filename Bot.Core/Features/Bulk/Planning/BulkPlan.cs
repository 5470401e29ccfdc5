using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Bulk.Planning;

/// <summary>What one row does, in the admin's words.</summary>
public enum ChangeKind
{
    /// <summary>A calling licence replaced by another in one change (the move the seeds describe).</summary>
    Move,
    Add,
    Remove,
    /// <summary>Adds and removes that are not one calling move.</summary>
    Change,
}

/// <summary>A row the plan will apply: the user, what they hold, and the one PATCH that changes it.</summary>
public sealed record PlannedRow(
    int SourceRow,
    string Email,
    string PersonId,
    IReadOnlyList<string> BeforeIds,
    IReadOnlyList<LicenceAdd> Adds,
    IReadOnlyList<string> RemoveIds,
    string BeforeText,
    string AfterText,
    ChangeKind Kind,
    IReadOnlyList<LocalText> Warnings);

/// <summary>A row the plan will not apply, and why (rule id first where a rule says so).</summary>
public sealed record ProblemRow(int SourceRow, string Email, string? PersonId, LocalText Reason, string BeforeText, string AfterText);

/// <summary>
/// A bulk plan: the rows that change something (R10: rows that change nothing are only counted), the rows refused and
/// why, units per licence, plan-wide problems (R7) that stop the whole plan, and the org's licence names by id.
/// </summary>
public sealed record BulkPlan(
    string Title,
    IReadOnlyList<PlannedRow> Rows,
    IReadOnlyList<ProblemRow> Problems,
    int Unchanged,
    IReadOnlyList<LicenceUnits> Units,
    IReadOnlyList<LocalText> PlanProblems,
    IReadOnlyList<string> Notes,
    IReadOnlyDictionary<string, string> Labels)
{
    public int Count(ChangeKind kind) => Rows.Count(r => r.Kind == kind);

    /// <summary>A plan-wide problem (not enough units) means nothing of it can be confirmed.</summary>
    public bool IsBlocked => PlanProblems.Count > 0;

    public bool HasChanges => Rows.Count > 0;

    /// <summary>
    /// Rows the plan leaves out on purpose and names on the card (an undo: users changed since the job). They are among
    /// <see cref="Problems"/> too, so the plan and results CSVs account for every one of them.
    /// </summary>
    public LeftOutRows? LeftOut { get; init; }

    /// <summary>Rows with a problem, the rows of <see cref="LeftOut"/> not counted.</summary>
    public int OtherProblems => Problems.Count - (LeftOut?.Rows.Count ?? 0);
}

/// <summary>Users a plan leaves out, under a heading that says why; each by name and e-mail with its own reason.</summary>
public sealed record LeftOutRows(string Heading, IReadOnlyList<LeftOutRow> Rows);

public sealed record LeftOutRow(int SourceRow, string Name, string Email, LocalText Reason);
