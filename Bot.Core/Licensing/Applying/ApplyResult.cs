using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Core.Licensing.Rules;

namespace LicenseBot.Core.Licensing.Applying;

public enum ApplyOutcome
{
    /// <summary>Webex accepted the change and reading the user back shows every part of it.</summary>
    Applied,

    /// <summary>Some operations stuck, others did not (206, or a change that did not stick).</summary>
    Partial,

    /// <summary>Nothing of the change is on the user.</summary>
    NotApplied,

    /// <summary>The user's licences changed since the plan was made; nothing was sent.</summary>
    Stale,

    /// <summary>Webex refused the change (4xx); the user was read back afterwards.</summary>
    Refused,

    /// <summary>Webex failed (5xx, network) and the user's state could not be confirmed.</summary>
    Failed,
}

public enum LicenceOperation
{
    Add,
    Remove,
}

/// <summary>One licence operation of the PATCH, and whether reading the user back shows it.</summary>
public sealed record OperationResult(Licence Licence, LicenceOperation Operation, bool Applied);

/// <summary>What happened to a confirmed plan, licence by licence, as read back from Webex.</summary>
public sealed record ApplyResult(
    ApplyOutcome Outcome,
    ChangePlan Plan,
    IReadOnlyList<Licence>? AfterActual,
    IReadOnlyList<OperationResult> Operations,
    bool LeftWithoutCalling,
    int? HttpStatus,
    string? TrackingId,
    IReadOnlyList<RuleFinding> WebexFindings,
    string? WebexMessage)
{
    public IReadOnlyList<OperationResult> Failed => Operations.Where(o => !o.Applied).ToList();

    public bool IsSuccess => Outcome == ApplyOutcome.Applied;
}
