using LicenseBot.Core.Conversation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Features.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>The <c>audit</c> command and its card. Needs <c>AddLicensing</c> (the audit log).</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.TryAddSingleton<AuditCards>();
        services.AddDialog<AuditDialog>();
        return services;
    }
}
