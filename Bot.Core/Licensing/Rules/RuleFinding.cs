using LicenseBot.Core.Text;

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

/// <summary>
/// What a rule found: the rule id (R1…, or Webex's error code where no rule applies) and what an admin reads about it,
/// unwritten (<see cref="LocalText"/>, its key a constant of the rule that found it): a card or reply writes it in its
/// reader's language.
/// </summary>
public sealed record RuleFinding(string RuleId, FindingSeverity Severity, LocalText Text)
{
    public static RuleFinding Violation(string ruleId, LocalText text) => new(ruleId, FindingSeverity.Violation, text);

    public static RuleFinding Warning(string ruleId, LocalText text) => new(ruleId, FindingSeverity.Warning, text);

    public static RuleFinding BulkRefusal(string ruleId, LocalText text) => new(ruleId, FindingSeverity.BulkRefusal, text);

    /// <summary>The finding as one line, <c>R1: …</c>, unwritten.</summary>
    public LocalText Line => LocalText.Join(": ", [LocalText.Verbatim(RuleId), Text]);

    /// <summary>The rule id and the text's key and arguments, for logs: never words, which depend on the reader.</summary>
    public override string ToString() => $"{RuleId}: {Text}";
}

/// <summary>A change the rules have judged (one user's edit or move, an external user's reset).</summary>
public interface IJudgedChange
{
    IReadOnlyList<RuleFinding> Findings { get; }
}

/// <summary>What every judged change says about its findings, written once.</summary>
public static class JudgedChangeExtensions
{
    extension(IJudgedChange change)
    {
        public IReadOnlyList<RuleFinding> Violations => change.Findings.Where(f => f.Severity == FindingSeverity.Violation).ToList();

        public IReadOnlyList<RuleFinding> Warnings => change.Findings.Where(f => f.Severity == FindingSeverity.Warning).ToList();

        /// <summary>A violation stops the change: it is shown, never applied.</summary>
        public bool IsBlocked => change.Findings.Any(f => f.Severity == FindingSeverity.Violation);
    }
}
