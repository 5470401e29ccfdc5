using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Bulk.Planning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Features.Bulk;

public static class BulkServiceCollectionExtensions
{
    /// <summary>
    /// Bulk work: <c>export</c>, the CSV move and <c>move all</c>, planned here and applied as jobs. Needs <c>AddJobs</c>
    /// (the job machinery and its reporting), <c>AddBotStorage</c>, <c>AddWebexClients</c> and <c>AddLicensing</c>.
    /// </summary>
    public static IServiceCollection AddBulk(this IServiceCollection services)
    {
        services.TryAddSingleton<JobFactory>();
        services.TryAddSingleton<OrgReader>();
        services.TryAddSingleton<CsvMovePlanFlow>();
        services.AddDialog<CsvMoveDialog>();
        services.AddDialog<SubscriptionMoveDialog>();
        services.AddDialog<ExportDialog>();
        return services;
    }
}
