using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Audit;

/// <summary>
/// One licence change the bot sent to Webex: who asked, who confirmed (person ids, and their e-mail addresses when known),
/// when, before, after, outcome, tracking id, and a detail kept unwritten (<see cref="LocalText"/>) so each reader reads it in their own language.
/// </summary>
public sealed record AuditEntry(
    string Id,
    DateTimeOffset At,
    string PersonId,
    string Email,
    string RequestedBy,
    string ConfirmedBy,
    IReadOnlyList<string> Before,
    IReadOnlyList<string> After,
    string Outcome,
    string? TrackingId,
    LocalText? Detail,
    string? RequestedByEmail = null,
    string? ConfirmedByEmail = null);
