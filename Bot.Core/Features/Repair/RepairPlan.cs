using LicenseBot.Core.Journal;
using LicenseBot.Core.Licensing.Model;

namespace LicenseBot.Core.Features.Repair;

/// <summary>
/// A calling repair (R9) as the admin confirms it: <see cref="User"/> as read (with the number, extension and location
/// the licence is assigned again with), the calling licence, the location's name, and when the bot added the licence.
/// </summary>
public sealed record RepairPlan(
    string PlanId,
    LicensedUser User,
    Licence Calling,
    string? LocationName,
    DateTimeOffset AddedAt,
    string RequestedBy,
    DateTimeOffset CreatedAt)
{
    public CallingData Data => User.Calling!;

    /// <summary>
    /// The plan as the journal keeps it: step 1 removes <see cref="Calling"/>, step 2 adds it again, and the user's
    /// calling data travel in <see cref="ResetPlan.User"/> — written before step 1, so they survive a crash in between.
    /// </summary>
    public ResetPlan ToJournal() => new(PlanId, User, RequestedBy, CreatedAt, [Calling], [Calling], [], [], []);
}
