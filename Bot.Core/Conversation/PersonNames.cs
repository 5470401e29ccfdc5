using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;

namespace LicenseBot.Core.Conversation;

/// <summary>
/// How an admin is named in the space: their display name, else their e-mail address (card submits and stored jobs
/// carry only the person id). Never the raw id: a failed look-up reads "an admin".
/// </summary>
public sealed class PersonNames(PersonDirectory directory)
{
    /// <summary>
    /// The name to show for <paramref name="personId"/>: <paramref name="knownName"/> when the caller has it, else the
    /// looked-up display name or e-mail, else <paramref name="knownEmail"/>, else "an admin".
    /// </summary>
    public async Task<string> NameAsync(string? personId, CancellationToken ct, string? knownName = null, string? knownEmail = null)
    {
        if (!string.IsNullOrWhiteSpace(knownName)) return knownName;
        var found = await directory.FindAsync(personId, ct);
        return found?.DisplayName ?? found?.Email
            ?? (!string.IsNullOrWhiteSpace(knownEmail) ? knownEmail : BotText.Get("jobs.someone"));
    }
}
