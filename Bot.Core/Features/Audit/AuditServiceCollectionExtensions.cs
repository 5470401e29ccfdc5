using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Licences;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Features.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>The <c>audit</c> command and its card. Needs <c>AddLicensing</c> (the audit log).</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.TryAddSingleton<LicencesAccess>();
        services.TryAddSingleton<AuditCards>();
        services.AddDialog<AuditDialog>();
        return services;
    }
}
