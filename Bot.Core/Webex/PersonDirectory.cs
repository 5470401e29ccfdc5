using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Webex;

/// <summary>A person's display name and e-mail address, as Webex knows them.</summary>
public sealed record PersonContact(string? DisplayName, string? Email);

/// <summary>
/// Who a person id is, looked up once per person and remembered (card submits, stored jobs and the audit log carry only
/// the id). A failed look-up answers null and is tried again next time.
/// </summary>
public sealed class PersonDirectory(IWebexAdmin admin, ILogger<PersonDirectory> logger)
{
    private readonly ConcurrentDictionary<string, PersonContact> _people = new(StringComparer.Ordinal);

    public async Task<PersonContact?> FindAsync(string? personId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(personId)) return null;
        if (_people.TryGetValue(personId, out var known)) return known;
        try
        {
            var person = await admin.GetPersonAsync(personId, callingData: false, ct);
            var contact = new PersonContact(NullIfBlank(person?.DisplayName), NullIfBlank(person?.PrimaryEmail));
            if (contact is { DisplayName: null, Email: null }) return null;
            _people[personId] = contact;
            return contact;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning("Could not look up person {PersonId}: {Reason}", personId, ex.GetType().Name);
            return null;
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
