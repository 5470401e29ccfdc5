using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Audit;
using LicenseBot.Core.Features.Edit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Features.Licences;

public static class LicencesServiceCollectionExtensions
{
    /// <summary>The licence flows (licences, user, edit, move, audit), their card builders and the shared confirmation step.</summary>
    public static IServiceCollection AddLicenceDialogs(this IServiceCollection services)
    {
        services.TryAddSingleton<LicencesAccess>();
        services.TryAddSingleton<LicencesCards>();
        services.TryAddSingleton<UserCards>();
        services.TryAddSingleton<EditLicenceCards>();
        services.TryAddSingleton<MoveCards>();
        services.TryAddSingleton<AuditCards>();
        services.TryAddSingleton<EditLicenceConfirmation>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Dialog, LicencesDialog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Dialog, UserDialog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Dialog, EditLicenceDialog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Dialog, MoveDialog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Dialog, AuditDialog>());
        return services;
    }
}
