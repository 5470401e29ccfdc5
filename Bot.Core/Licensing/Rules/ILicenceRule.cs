namespace LicenseBot.Core.Licensing.Rules;

/// <summary>One rule of docs/licensing-rules.md, named by its id (R1…R12).</summary>
public interface ILicenceRule
{
    string Id { get; }

    IEnumerable<RuleFinding> Check(RuleContext change);
}
