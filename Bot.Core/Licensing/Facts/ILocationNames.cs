namespace LicenseBot.Core.Licensing.Facts;

/// <summary>
/// The name of a calling location (an admin reads "Amsterdam", never a location id). A person read with calling data
/// carries only the location's id; the names come from configuration for a real org (<c>Licensing:Locations</c>) and
/// from the simulator's org data in sandbox mode. Null when the name is not known.
/// </summary>
public interface ILocationNames
{
    ValueTask<string?> GetNameAsync(string locationId, CancellationToken ct);
}
