using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Webex;

/// <summary>A person's display name and e-mail address, as Webex knows them.</summary>
public sealed record PersonContact(string? DisplayName, string? Email);

/// <summary>
/// Who a person id is, looked up once per person and remembered for <see cref="Remembered"/> in the shared memory cache
/// (card submits, stored jobs and the audit log carry only the id; a renamed person reads right again within the hour).
/// A failed look-up answers null and is tried again next time.
/// </summary>
public sealed class PersonDirectory(IWebexAdmin admin, IMemoryCache cache, ILogger<PersonDirectory> logger)
{
    public static readonly TimeSpan Remembered = TimeSpan.FromHours(1);

    public async Task<PersonContact?> FindAsync(string? personId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(personId)) return null;
        var key = "person-contact:" + personId;
        if (cache.TryGetValue(key, out PersonContact? known)) return known;
        try
        {
            var person = await admin.GetPersonAsync(personId, callingData: false, ct);
            var contact = new PersonContact(NullIfBlank(person?.DisplayName), NullIfBlank(person?.PrimaryEmail));
            if (contact is { DisplayName: null, Email: null }) return null;
            cache.Set(key, contact, Remembered);
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
