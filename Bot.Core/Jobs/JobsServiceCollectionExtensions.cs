using LicenseBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// The job machinery: the job journal (jobs migrations), the row applier and re-check, and the background
    /// runner, and the memory of the learnt Webex pace. Needs <c>AddBotStorage</c>, <c>AddWebexClients</c>, <c>AddLicensing</c>, and an <see cref="IJobReporter"/>
    /// (<c>AddJobs</c>).
    /// </summary>
    public static IServiceCollection AddJobRunner(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMigrations<JobMigrations>();
        services.TryAddSingleton<JobStore>();
        services.TryAddSingleton<JobSignal>();
        services.TryAddSingleton<RowApplier>();
        services.TryAddSingleton<AssignmentChecker>();
        services.TryAddSingleton<BulkJobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<BulkJobRunner>());
        services.TryAddSingleton<PaceMemory>();
        services.AddHostedService(sp => sp.GetRequiredService<PaceMemory>());
        return services;
    }
}
