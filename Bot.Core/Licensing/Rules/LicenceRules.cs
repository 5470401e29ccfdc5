namespace LicenseBot.Core.Licensing.Rules;

/// <summary>The rules, once each; single edits and bulk plans run these same objects.</summary>
public static class LicenceRules
{
    private static readonly R1OneCallingLicence R1 = new();
    private static readonly R2AttendantConsoleNeedsProfessional R2 = new();
    private static readonly R3StandardExcludesCxEssentials R3 = new();
    private static readonly R4MeetingAccountType R4 = new();
    private static readonly R5CallingDataLoss R5 = new();
    private static readonly SubscriptionMustBeActive R6 = new();
    private static readonly R7FreeUnits R7 = new();
    private static readonly R8PendingExternal R8 = new();
    private static readonly R9CallingRepair R9 = new();
    private static readonly R12CallingDowngrade R12 = new();
    private static readonly CallingPropertiesAvailable CallingProperties = new();

    /// <summary>The rules a single-user change is checked against, in the order an admin reads them.</summary>
    public static IReadOnlyList<ILicenceRule> All { get; } = [R1, R2, R3, R4, R5, R6, R7, R8, R9, R12, CallingProperties];

    /// <summary>
    /// The rules every row of a bulk plan is checked against, in the order its reason is chosen (the first refusal, else
    /// the first violation). Not here: R4 (a bulk row sets no account types), R9 (a warning for a single review) and
    /// R7, which judges the whole plan (<see cref="Plan"/>).
    /// </summary>
    public static IReadOnlyList<ILicenceRule> Bulk { get; } = [R8, R1, R2, R3, R6, R12, CallingProperties, R5];

    /// <summary>The rules that judge a bulk plan over all its rows.</summary>
    public static IReadOnlyList<ILicenceRule> Plan { get; } = [R7];

    public static IReadOnlyList<RuleFinding> Check(RuleContext change) => All.SelectMany(r => r.Check(change)).ToList();
}
