using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Bulk;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Features.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Bulk work: export, CSV move, subscription move, jobs and cancel; the job journal (jobs migrations) and the
    /// background runner. Needs <c>AddBotStorage</c>, <c>AddWebexClients</c>, <c>AddLicensing</c> and <c>AddLicenceDialogs</c>.
    /// </summary>
    public static IServiceCollection AddBulkJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).Validate(o => o.MaxConcurrency is >= 1 and <= 64 && o.RequestsPerSecond >= 0 && o.MaxAttempts >= 1 && o.RecheckBatchSize >= 1, "Jobs: MaxConcurrency must be 1–64, RequestsPerSecond 0 or more, MaxAttempts and RecheckBatchSize 1 or more.").ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMigrations<JobMigrations>();
        services.TryAddSingleton<JobStore>();
        services.TryAddSingleton<JobSignal>();
        services.TryAddSingleton<RateGate>();
        services.TryAddSingleton<RowApplier>();
        services.TryAddSingleton<AssignmentChecker>();
        services.TryAddSingleton<JobReporter>();
        services.TryAddSingleton<JobFactory>();
        services.TryAddSingleton<OrgSnapshotReader>();
        services.TryAddSingleton<PersonDirectory>();
        services.TryAddSingleton<PersonNames>();
        services.TryAddSingleton<CsvMovePlanFlow>();
        services.TryAddSingleton<BulkJobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<BulkJobRunner>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Dialog, CsvMoveDialog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Dialog, SubscriptionMoveDialog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Dialog, ExportDialog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Dialog, JobsDialog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Dialog, JobsCancelDialog>());
        return services;
    }
}
