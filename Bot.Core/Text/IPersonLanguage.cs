using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Text;

/// <summary>Where a person's language came from, in the order it is looked for.</summary>
public enum LanguageSource
{
    /// <summary>The person said <c>language nl|en</c>.</summary>
    Chosen,
    /// <summary>The person's preferred language in Webex (SCIM <c>preferredLanguage</c>).</summary>
    Person,
    /// <summary>The org's default language in Webex.</summary>
    Org,
    /// <summary>Nothing known: English.</summary>
    Default,
}

public sealed record LanguageChoice(BotLanguage Language, LanguageSource Source)
{
    public static LanguageChoice Default { get; } = new(BotLanguage.English, LanguageSource.Default);
}

/// <summary>The language to answer a person in.</summary>
public interface IPersonLanguage
{
    /// <summary>The person's own choice, else their Webex preferred language, else the org's default, else English.</summary>
    Task<LanguageChoice> ResolveAsync(string? personId, CancellationToken ct);

    /// <summary>Remembers <paramref name="language"/> as the person's own choice.</summary>
    Task SetAsync(string personId, BotLanguage language, CancellationToken ct);
}

public static class PersonLanguageExtensions
{
    /// <summary>
    /// The person's language, or English when it cannot be told right now (storage or Webex failing): the language of a
    /// message is never a reason for a turn, job or reset not to run.
    /// </summary>
    public static async Task<BotLanguage> LanguageOrEnglishAsync(this IPersonLanguage? languages, string? personId, ILogger logger, CancellationToken ct)
    {
        if (languages is null) return BotLanguage.English;
        try
        {
            return (await languages.ResolveAsync(personId, ct)).Language;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not tell the language of person {PersonId}; using English", personId);
            return BotLanguage.English;
        }
    }
}
