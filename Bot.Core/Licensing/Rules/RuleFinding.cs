namespace LicenseBot.Core.Licensing.Rules;

public enum FindingSeverity
{
    /// <summary>The admin should know, and may still confirm.</summary>
    Warning,

    /// <summary>The plan cannot be confirmed.</summary>
    Violation,

    /// <summary>A bulk plan must not do this (no admin reviews the row alone), though a single edit may: the row is refused first.</summary>
    BulkRefusal,
}

/// <summary>What a rule found: the rule id (R1…, or Webex's error code where no rule applies) and a sentence an admin understands.</summary>
public sealed record RuleFinding(string RuleId, FindingSeverity Severity, string Message)
{
    public static RuleFinding Violation(string ruleId, string message) => new(ruleId, FindingSeverity.Violation, message);

    public static RuleFinding Warning(string ruleId, string message) => new(ruleId, FindingSeverity.Warning, message);

    public static RuleFinding BulkRefusal(string ruleId, string message) => new(ruleId, FindingSeverity.BulkRefusal, message);

    public override string ToString() => $"{RuleId}: {Message}";
}
