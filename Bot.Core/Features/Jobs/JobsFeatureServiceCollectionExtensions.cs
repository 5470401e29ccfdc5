using LicenseBot.Core.Conversation;
using LicenseBot.Core.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Features.Jobs;

public static class JobsFeatureServiceCollectionExtensions
{
    /// <summary>
    /// <c>jobs</c> and <c>cancel</c>, and how a running job tells its thread (progress, result card, results CSV), on the
    /// job machinery (<c>AddJobRunner</c>).
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddJobRunner(configuration);
        services.TryAddSingleton<JobReporter>();
        services.TryAddSingleton<IJobReporter>(sp => sp.GetRequiredService<JobReporter>());
        services.AddDialog<JobsDialog>();
        services.AddDialog<JobsCancelDialog>();
        return services;
    }
}
