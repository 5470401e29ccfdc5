namespace LicenseBot.Core.Licensing.Model;

/// <summary>The service a licence belongs to, as Control Hub groups them. Unrecognised licences are <see cref="Other"/>, never dropped.</summary>
public enum ServiceFamily
{
    Calling,
    UnifiedCm,
    Meetings,
    Messaging,
    AttendantConsole,
    CustomerExperience,
    Other,
}

/// <summary>The tier within a family, where the rules care about it (R1–R3, R12).</summary>
public enum LicenceTier
{
    None,
    Professional,
    Basic,
    Standard,
    Workspaces,
    Essentials,
}

/// <summary>What a licence is, read from its name: family and tier.</summary>
public sealed record LicenceKind(ServiceFamily Family, LicenceTier Tier = LicenceTier.None)
{
    public bool IsCalling => Family == ServiceFamily.Calling;
    public bool IsCallingProfessional => Family == ServiceFamily.Calling && Tier == LicenceTier.Professional;
    public bool IsCallingStandard => Family == ServiceFamily.Calling && Tier == LicenceTier.Standard;
    public bool IsCxEssentials => Family == ServiceFamily.CustomerExperience && Tier == LicenceTier.Essentials;
}
