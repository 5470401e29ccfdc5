using LicenseBot.Core.Licensing.Model;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>A licence's units before and after a whole plan: how many it adds and frees.</summary>
public sealed record LicenceUnits(Licence Licence, int Added, int Removed)
{
    public int ConsumedAfter => Licence.ConsumedUnits + Added - Removed;
    public int FreeAfter => Licence.TotalUnits - ConsumedAfter;
}
