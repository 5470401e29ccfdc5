using LicenseBot.Core.Conversation;

namespace LicenseBot.Core.Licensing;

/// <summary>Bad input or a state the admin must hear about; <see cref="Exception.Message"/> is the admin sentence (from en.json).</summary>
public sealed class LicensingException(LicensingProblem problem, string adminMessage, string? trackingId = null, Exception? inner = null)
    : AdminFacingException(adminMessage, inner)
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
