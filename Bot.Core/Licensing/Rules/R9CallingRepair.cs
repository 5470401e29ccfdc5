using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>
/// R9: a calling licence added moments ago may not open its settings; removing and re-assigning it is the remedy.
/// In a change: only such a licence — one without calling data yet — may go without the R5 data-loss treatment; the
/// admin is told that nothing is lost and that it should be assigned again. For the <c>repair</c> command
/// (<see cref="RefuseRepair"/>): the remedy is offered only for a calling licence the bot itself added within the
/// configured window, as the audit log shows, so settings a user has long been using are never erased by a "repair".
/// </summary>
public sealed class R9CallingRepair : ILicenceRule
{
    /// <summary>The text key of this rule's finding.</summary>
    public const string Text = "licensing.rule.R9";

    /// <summary>The text key of this rule's finding.</summary>
    public const string NoCallingText = "licensing.rule.R9.nocalling";

    /// <summary>The text key of this rule's finding.</summary>
    public const string NoDataText = "licensing.rule.R9.nodata";

    /// <summary>The text key of this rule's finding.</summary>
    public const string NotByBotText = "licensing.rule.R9.notbybot";

    /// <summary>The text key of this rule's finding.</summary>
    public const string TooOldText = "licensing.rule.R9.tooold";

    public string Id => "R9";

    public IEnumerable<RuleFinding> Check(RuleContext change)
    {
        var removed = change.Removed.FirstOrDefault(l => l.Kind.IsCalling);
        if (removed is not null && !change.CallingAfter.Any() && change.User.Calling is null or { IsEmpty: true })
            yield return RuleFinding.Warning(Id, LocalText.Of(Text, removed.Label));
    }

    /// <summary>
    /// Why the calling licence <paramref name="calling"/> of <paramref name="user"/> may NOT be removed and assigned again
    /// now, or null when it may: the user holds one, with a number or an extension (and location) to assign it again
    /// with, and the bot added it (<paramref name="addedAt"/>, from the audit log) no longer than <paramref name="window"/> ago.
    /// </summary>
    public static RuleFinding? RefuseRepair(LicensedUser user, Licence? calling, DateTimeOffset? addedAt, DateTimeOffset now, TimeSpan window)
    {
        const string id = "R9";
        if (calling is null)
            return RuleFinding.Violation(id, LocalText.Of(NoCallingText, user.DisplayName, user.Email));
        if (user.Calling is not { CanCarryOver: true })
            return RuleFinding.Violation(id, LocalText.Of(NoDataText, user.DisplayName, calling.Label));
        var hours = window.TotalHours;
        if (addedAt is not { } added)
            return RuleFinding.Violation(id, LocalText.Of(NotByBotText, calling.Label, user.DisplayName, hours));
        if (now - added > window)
            return RuleFinding.Violation(id, LocalText.Of(TooOldText, calling.Label, user.DisplayName, added.ToUniversalTime(), hours));
        return null;
    }
}
