using LicenseBot.Core.Conversation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Features.Licences;

public static class LicencesServiceCollectionExtensions
{
    /// <summary>The read-only licence commands (<c>licences</c>, <c>user</c>), their cards and the admin door of the licence flows. Needs <c>AddLicensing</c>.</summary>
    public static IServiceCollection AddLicences(this IServiceCollection services)
    {
        services.TryAddSingleton<LicencesCards>();
        services.TryAddSingleton<UserCards>();
        services.AddDialog<LicencesDialog>();
        services.AddDialog<UserDialog>();
        return services;
    }
}
