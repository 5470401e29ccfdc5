using LicenseBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LicenseBot.Core.Inbox;

public static class InboxServiceCollectionExtensions
{
    /// <summary>
    /// The durable inbox (inbox migrations, <see cref="EventInbox"/>) and the worker that handles its events. Needs
    /// <c>AddBotStorage</c> and an <see cref="IInboxHandler"/> (<c>AddBotConversation</c> registers the bot's turns).
    /// </summary>
    public static IServiceCollection AddEventInbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InboxOptions>().Bind(configuration.GetSection(InboxOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMigrations<InboxMigrations>();
        services.TryAddSingleton<EventInbox>();
        services.TryAddSingleton(_ => CpuSaturation.ForThisProcess());
        services.TryAddSingleton<InboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxWorker>());
        return services;
    }
}
