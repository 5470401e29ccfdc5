using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Conversation;

public static class DialogServiceCollectionExtensions
{
    /// <summary>
    /// Registers a dialog (a stateless singleton). Its <see cref="Dialog.Id"/> must be the <c>dialog</c> name of its command in
    /// <c>manifest/bot.json</c>; from then on the command is routed to it and listed on the help card.
    /// </summary>
    public static IServiceCollection AddDialog<TDialog>(this IServiceCollection services) where TDialog : Dialog
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Dialog, TDialog>());
        return services;
    }
}
