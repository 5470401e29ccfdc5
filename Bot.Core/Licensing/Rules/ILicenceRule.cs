namespace LicenseBot.Core.Licensing.Rules;

/// <summary>
/// One rule of docs/licensing-rules.md, named by its id (R1…R12). It judges a single user's change (<see cref="Check"/>;
/// in a bulk plan, <see cref="RuleContext.InBulk"/> tells it that no admin reviews this row alone) and may judge a whole
/// bulk plan over all its rows (<see cref="CheckPlan"/>). Single edits and bulk plans run the same rule objects
/// (<see cref="LicenceRules"/>).
/// </summary>
public interface ILicenceRule
{
    string Id { get; }

    IEnumerable<RuleFinding> Check(RuleContext change);

    /// <summary>What the rule finds over every row of a bulk plan together (R7: units); most rules judge each change alone.</summary>
    IEnumerable<RuleFinding> CheckPlan(IReadOnlyList<LicenceUnits> units) => [];
}
