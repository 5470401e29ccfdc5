using LicenseBot.Core.Conversation;
using Microsoft.Extensions.DependencyInjection;

namespace LicenseBot.Core.Features.Undo;

public static class UndoServiceCollectionExtensions
{
    /// <summary><c>undo &lt;job&gt;</c>, on the bulk planning and plan flow (<c>AddBulk</c>) and the jobs (<c>AddJobs</c>).</summary>
    public static IServiceCollection AddUndo(this IServiceCollection services)
    {
        services.AddDialog<UndoDialog>();
        return services;
    }
}
