namespace LicenseBot.Core.Licensing.Rules;

/// <summary>One rule of domain.md, named by its id.</summary>
public interface ILicenceRule
{
    string Id { get; }

    IEnumerable<RuleFinding> Check(RuleContext change);
}
