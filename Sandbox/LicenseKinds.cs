namespace LicenseBot.Sandbox;

/// <summary>How the simulator recognises licence kinds by name, as Webex's own rules need them.</summary>
public static class LicenseKinds
{
    /// <summary>A calling licence: the name starts with "Webex Calling" (docs/sandbox.md, "Calling data"). Carries calling data.</summary>
    public static bool IsCalling(string name) => name.StartsWith("Webex Calling", StringComparison.OrdinalIgnoreCase);

    public static bool IsCallingProfessional(string name) => IsCalling(name) && Contains(name, "Professional");

    public static bool IsCallingStandard(string name) => IsCalling(name) && Contains(name, "Standard");

    public static bool IsUnifiedCm(string name) => Contains(name, "Unified CM") || Contains(name, "UCM");

    public static bool IsAttendantConsole(string name) => Contains(name, "Attendant Console");

    public static bool IsCxEssentials(string name) =>
        (Contains(name, "Customer Experience") || Contains(name, "CX")) && Contains(name, "Essential");

    public static bool IsMeeting(string name) => name.StartsWith("Meeting", StringComparison.OrdinalIgnoreCase);

    private static bool Contains(string name, string part) => name.Contains(part, StringComparison.OrdinalIgnoreCase);
}
