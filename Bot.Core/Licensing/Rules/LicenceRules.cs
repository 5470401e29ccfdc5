namespace LicenseBot.Core.Licensing.Rules;

/// <summary>The rules a single-user change is checked against, in the order an admin reads them.</summary>
public static class LicenceRules
{
    public static IReadOnlyList<ILicenceRule> All { get; } =
    [
        new R1OneCallingLicence(),
        new R2AttendantConsoleNeedsProfessional(),
        new R3StandardExcludesCxEssentials(),
        new R4MeetingAccountType(),
        new R5CallingDataLoss(),
        new SubscriptionMustBeActive(),
        new R7FreeUnits(),
        new R8PendingExternal(),
        new R9CallingRepair(),
        new R12CallingDowngrade(),
        new CallingPropertiesAvailable(),
    ];

    public static IReadOnlyList<RuleFinding> Check(RuleContext change) => All.SelectMany(r => r.Check(change)).ToList();
}
