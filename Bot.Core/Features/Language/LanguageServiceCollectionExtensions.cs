using LicenseBot.Core.Conversation;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Features.Language;

public static class LanguageServiceCollectionExtensions
{
    /// <summary>
    /// Texts in the admin's language: the localizer (<see cref="ITextLocalizer"/>), each person's language
    /// (<see cref="IPersonLanguage"/>: own choice, Webex preferred language, org default, English) and the
    /// <c>language</c> command. Needs <c>AddBotStorage</c> and <c>AddWebexClients</c>.
    /// </summary>
    public static IServiceCollection AddBotLanguages(this IServiceCollection services)
    {
        services.TryAddSingleton<ITextLocalizer>(JsonTextLocalizer.Instance);
        services.AddMemoryCache();
        services.TryAddSingleton<IWebexIdentity, WebexIdentityClient>();
        services.TryAddSingleton<IPersonLanguage, PersonLanguages>();
        services.AddDialog<LanguageDialog>();
        return services;
    }
}
