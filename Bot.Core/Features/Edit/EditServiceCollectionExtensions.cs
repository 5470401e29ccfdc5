using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Licences;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Features.Edit;

public static class EditServiceCollectionExtensions
{
    /// <summary>Changing one user (<c>edit</c>, <c>move</c>): their cards and the shared confirmation step. Needs <c>AddLicensing</c>.</summary>
    public static IServiceCollection AddEdit(this IServiceCollection services)
    {
        services.TryAddSingleton<EditLicenceCards>();
        services.TryAddSingleton<MoveCards>();
        services.TryAddSingleton<EditLicenceConfirmation>();
        services.AddDialog<EditLicenceDialog>();
        services.AddDialog<MoveDialog>();
        return services;
    }
}
