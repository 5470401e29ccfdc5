using LicenseBot.Core.Storage;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Features.Language;

/// <summary>
/// <see cref="IPersonLanguage"/>: a person's own choice is kept in the bot's storage (key <c>language/{personId}</c>,
/// read on every turn so every instance agrees); what Webex says (the SCIM user's <c>preferredLanguage</c>, then the
/// org's default) is looked up with the admin token once and remembered for <see cref="WebexAnswerLifetime"/>.
/// A token without the identity scopes simply tells nothing: the person then gets English until they choose.
/// </summary>
public sealed class PersonLanguages(IStorage storage, IWebexAdmin admin, IWebexIdentity identity, IMemoryCache cache, ILogger<PersonLanguages> logger) : IPersonLanguage
{
    public static readonly TimeSpan WebexAnswerLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan FailedLookupLifetime = TimeSpan.FromMinutes(5);

    public static string StorageKey(string personId) => $"language/{personId}";

    public async Task<LanguageChoice> ResolveAsync(string? personId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(personId)) return LanguageChoice.Default;
        if (await storage.ReadAsync(StorageKey(personId), ct) is { } stored && BotLanguage.Find(stored.As<StoredLanguage>().Language) is { } chosen)
            return new LanguageChoice(chosen, LanguageSource.Chosen);

        var cacheKey = $"language/webex/{personId}";
        if (cache.TryGetValue(cacheKey, out LanguageChoice? known) && known is not null) return known;
        var (choice, lifetime) = await LookUpAsync(personId, ct);
        cache.Set(cacheKey, choice, lifetime);
        return choice;
    }

    public async Task SetAsync(string personId, BotLanguage language, CancellationToken ct) =>
        await storage.WriteAsync(StorageKey(personId), StoreItem.From(new StoredLanguage(language.Code)), ct);

    private async Task<(LanguageChoice Choice, TimeSpan Lifetime)> LookUpAsync(string personId, CancellationToken ct)
    {
        try
        {
            var orgId = (await admin.GetPersonAsync(personId, callingData: false, ct))?.OrgId;
            if (orgId is null) return (LanguageChoice.Default, WebexAnswerLifetime);
            if (BotLanguage.Find(await identity.GetUserLanguageAsync(orgId, personId, ct)) is { } own)
                return (new LanguageChoice(own, LanguageSource.Person), WebexAnswerLifetime);
            if (BotLanguage.Find(await identity.GetOrgLanguageAsync(orgId, ct)) is { } org)
                return (new LanguageChoice(org, LanguageSource.Org), WebexAnswerLifetime);
            return (LanguageChoice.Default, WebexAnswerLifetime);
        }
        catch (WebexApiException ex) when ((int)ex.Status is 401 or 403)
        {
            logger.LogInformation("Webex does not let the admin token read preferred languages ({Status}); answering in English unless a person chooses", (int)ex.Status);
            return (LanguageChoice.Default, WebexAnswerLifetime);
        }
        catch (WebexApiException ex)
        {
            logger.LogWarning("Could not read the preferred language of person {PersonId}: {Status}", personId, (int)ex.Status);
            return (LanguageChoice.Default, FailedLookupLifetime);
        }
    }

    private sealed record StoredLanguage(string Language);
}
