using LicenseBot.Core.Webex;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Conversation;

public static class BotServiceCollectionExtensions
{
    /// <summary>
    /// The conversation side of the bot: manifest, command router (<see cref="IBot"/>), dialog set,
    /// confirmations, the Webex adapter, the inbox's turns (<see cref="InboxTurns"/>), webhook registrar and secret, and how people are named. Needs <c>AddBotStorage</c> and
    /// <c>AddWebexClients</c>. Each feature adds its dialogs (<c>AddHelp</c>, <c>AddLicences</c>, …) with <c>services.AddDialog&lt;T&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddBotConversation(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(BotManifest.Current);
        services.TryAddSingleton<CommandParser>();
        services.TryAddSingleton(sp => new DialogSet(sp.GetServices<Dialog>(), sp.GetRequiredService<Storage.IStorage>()));
        services.TryAddSingleton<IBot, CommandRouter>();
        services.TryAddSingleton<IConfirmationService, ConfirmationService>();
        services.TryAddSingleton<BotIdentity>();
        services.TryAddSingleton<WebexAdapter>();
        services.TryAddSingleton<Inbox.IInboxHandler, InboxTurns>();
        services.TryAddSingleton<WebhookRegistrar>();
        services.TryAddSingleton<WebhookSecretProvider>();
        services.AddMemoryCache();
        services.TryAddSingleton<PersonDirectory>();
        services.TryAddSingleton<PersonNames>();
        return services;
    }
}
