using LicenseBot.Core.Conversation;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing;

/// <summary>Bad input or a state the admin must hear about; <see cref="AdminFacingException.Text"/> is what the admin reads (from en.json), unwritten.</summary>
public sealed class LicensingException(LicensingProblem problem, LocalText text, string? trackingId = null, Exception? inner = null)
    : AdminFacingException(text, inner)
{
    public LicensingProblem Problem { get; } = problem;

    /// <summary>Webex's tracking id when Webex was involved, for support.</summary>
    public string? TrackingId { get; } = trackingId;
}

public enum LicensingProblem
{
    MalformedEmail,
    UnknownUser,
    UnknownLicence,
    WebexUnavailable,
    WebexRefused,
}
