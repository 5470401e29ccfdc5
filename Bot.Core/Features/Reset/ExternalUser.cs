using LicenseBot.Core.Licensing.Model;

namespace LicenseBot.Core.Features.Reset;

/// <summary>An external user holding licences of the org (listed as <c>EXTERNAL</c> on the licences' assignments).</summary>
public sealed record ExternalUser(string Id, string Email, string DisplayName, UserStatus Status, IReadOnlyList<Licence> Licences, DateTimeOffset? InvitedAt)
{
    public bool IsPending => Status == UserStatus.Pending;
}

/// <summary>Why a reset is refused before anything is shown.</summary>
public enum ResetRefusal
{
    /// <summary>Nobody with that address is in the org.</summary>
    UnknownUser,
    /// <summary>The user belongs to the org itself: edit their licences instead.</summary>
    Internal,
    /// <summary>The external user has signed in (or is inactive): R8 applies to pending users only.</summary>
    NotPending,
}

/// <summary>A user a reset may start for, or the reason it may not.</summary>
public sealed record ResetCandidate(LicensedUser User, ResetRefusal? Refusal)
{
    public bool CanReset => Refusal is null;
}
