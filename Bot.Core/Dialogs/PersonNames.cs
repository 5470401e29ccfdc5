using System.Collections.Concurrent;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Dialogs;

/// <summary>
/// How an admin is named in the space: their display name, else their e-mail address, looked up once per person (card
/// submits and stored jobs carry only the person id). Never the raw id: a failed look-up reads "an admin".
/// </summary>
public sealed class PersonNames(IWebexAdmin admin, ILogger<PersonNames> logger)
{
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

    /// <summary>
    /// The name to show for <paramref name="personId"/>: <paramref name="knownName"/> when the caller has it, else the
    /// looked-up display name or e-mail, else <paramref name="knownEmail"/>, else "an admin".
    /// </summary>
    public async Task<string> NameAsync(string? personId, CancellationToken ct, string? knownName = null, string? knownEmail = null)
    {
        if (!string.IsNullOrWhiteSpace(knownName)) return knownName;
        var fallback = !string.IsNullOrWhiteSpace(knownEmail) ? knownEmail : BotText.Get("jobs.someone");
        if (string.IsNullOrEmpty(personId)) return fallback;
        if (_names.TryGetValue(personId, out var cached)) return cached;
        try
        {
            var person = await admin.GetPersonAsync(personId, callingData: false, ct);
            var name = !string.IsNullOrWhiteSpace(person?.DisplayName) ? person.DisplayName
                : !string.IsNullOrWhiteSpace(person?.PrimaryEmail) ? person.PrimaryEmail : null;
            if (name is null) return fallback;
            _names[personId] = name;
            return name;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning("Could not look up the name of {PersonId}: {Reason}", personId, ex.GetType().Name);
            return fallback;
        }
    }
}
