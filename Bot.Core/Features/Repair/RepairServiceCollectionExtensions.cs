using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Edit;
using LicenseBot.Core.Journal;
using LicenseBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Features.Repair;

public static class RepairServiceCollectionExtensions
{
    /// <summary>
    /// The calling repair (R9, <c>repair &lt;email&gt;</c>): its dialog and cards, the runner over the reset journal
    /// (kind <c>repair</c>; its migrations), and the background runner that resumes repairs. Validated options
    /// (<c>Repair:Window</c>, default 24 hours). Needs the licensing core, the edit confirmation, storage and the Webex clients.
    /// </summary>
    public static IServiceCollection AddRepair(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RepairOptions>().Bind(configuration.GetSection(RepairOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMigrations<ResetMigrations>();
        services.TryAddKeyedSingleton(ResetJournal.RepairKind, (sp, _) =>
            new ResetJournal(sp.GetRequiredService<IBotDatabase>(), sp.GetRequiredService<TimeProvider>(), ResetJournal.RepairKind));
        services.TryAddSingleton<EditLicenceCards>();
        services.TryAddSingleton<EditLicenceConfirmation>();
        services.TryAddSingleton<RepairCards>();
        services.TryAddSingleton<RepairRunner>();
        services.AddDialog<RepairDialog>();
        services.AddHostedService<RepairWorker>();
        return services;
    }
}
