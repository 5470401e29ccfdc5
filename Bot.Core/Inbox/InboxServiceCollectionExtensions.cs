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
            .Validate(o => o.MaxParallelSpaces is >= 1 and <= 64 && o.MaxBatch is >= 1 and <= 1000 && o.LeaseDuration >= TimeSpan.FromSeconds(1) && o.PollInterval > TimeSpan.Zero,
                "Inbox: MaxParallelSpaces must be 1–64, MaxBatch 1–1000, LeaseDuration at least 1 s, PollInterval above 0.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMigrations<InboxMigrations>();
        services.TryAddSingleton<EventInbox>();
        services.TryAddSingleton<InboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxWorker>());
        return services;
    }
}
