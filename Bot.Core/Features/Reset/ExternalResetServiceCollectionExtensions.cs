using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Edit;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Journal;
using LicenseBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Features.Reset;

public static class ExternalResetServiceCollectionExtensions
{
    /// <summary>
    /// The external-user reset (R8): the <c>external</c> and <c>reset</c> flows, their cards, the reset journal (its
    /// migrations), the runner, the reporter and the background runner that resumes resets. Needs the licensing core,
    /// the licence dialogs, storage and the Webex clients.
    /// </summary>
    public static IServiceCollection AddExternalReset(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ResetOptions>().Bind(configuration.GetSection(ResetOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMigrations<ResetMigrations>();
        services.TryAddSingleton<ResetJournal>();
        services.TryAddSingleton<ExternalUsers>();
        services.TryAddSingleton<ResetRunner>();
        services.TryAddSingleton<EditLicenceCards>();
        services.TryAddSingleton<ResetCards>();
        services.TryAddSingleton<ExternalUsersCards>();
        services.TryAddSingleton<IResetReporter, ExternalResetReporter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Dialog, ExternalResetListDialog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Dialog, ExternalResetDialog>());
        services.AddHostedService<ResetWorker>();
        return services;
    }
}
