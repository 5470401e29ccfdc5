using LicenseBot.Core.Conversation;
using LicenseBot.Core.Licensing.Access;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Licensing.Facts;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Licensing;

public static class LicensingServiceCollectionExtensions
{
    /// <summary>
    /// The licensing core: service, audit log (needs <c>AddBotStorage</c>), admin gate, and the facts Webex does not report (from configuration unless a host,
    /// such as the sandbox, registered its own <see cref="ISubscriptionStates"/> / <see cref="IMeetingSiteFacts"/> first).
    /// </summary>
    public static IServiceCollection AddLicensing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LicensingOptions>().Bind(configuration.GetSection(LicensingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LicensingFactsOptions>().Bind(configuration.GetSection(LicensingFactsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AdminAccessOptions>().Bind(configuration.GetSection(AdminAccessOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConfiguredLicensingFacts>();
        services.TryAddSingleton<ISubscriptionStates>(sp => sp.GetRequiredService<ConfiguredLicensingFacts>());
        services.TryAddSingleton<IMeetingSiteFacts>(sp => sp.GetRequiredService<ConfiguredLicensingFacts>());
        services.TryAddSingleton<ILocationNames>(sp => sp.GetRequiredService<ConfiguredLicensingFacts>());
        services.AddMigrations<AuditMigrations>();
        services.TryAddSingleton<DbAuditLog>();
        services.AddMemoryCache();
        services.TryAddSingleton<PersonDirectory>();
        services.TryAddSingleton<IAuditLog, NamedAuditLog>();
        services.TryAddSingleton<ManagedOrg>();
        services.TryAddSingleton<IAdminGate, AdminGate>();
        services.TryAddSingleton<IDialogAccess, AdminDoor>();
        services.TryAddSingleton<ILicensingService, LicensingService>();
        return services;
    }
}
