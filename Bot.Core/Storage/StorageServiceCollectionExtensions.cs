using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database (from <see cref="StorageOptions"/>), <see cref="IStorage"/> and the core migrations. <paramref name="resolveSqlitePath"/> turns the configured (maybe relative) SQLite path into a full one
    /// (the host resolves it against its content root, or puts it in the sandbox's data folder).
    /// </summary>
    public static IServiceCollection AddBotStorage(this IServiceCollection services, Func<IServiceProvider, string, string> resolveSqlitePath)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMigrations<CoreMigrations>();
        services.AddSingleton<IBotDatabase>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var connectionString = options.Provider switch
            {
                StorageProvider.Postgres => string.IsNullOrWhiteSpace(options.ConnectionString)
                    ? throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions), ["Storage:ConnectionString is required when Storage:Provider is Postgres."])
                    : options.ConnectionString,
                _ => BotDatabase.SqliteConnectionString(resolveSqlitePath(sp, options.SqlitePath)),
            };
            return new BotDatabase(options.Provider, connectionString, sp.GetServices<IMigrationSource>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BotDatabase>>());
        });
        services.AddSingleton<IStorage, DbStorage>();
        return services;
    }

    /// <summary>Adds an area's migrations (audit, jobs, …); applied before the first connection is handed out.</summary>
    public static IServiceCollection AddMigrations<TSource>(this IServiceCollection services) where TSource : class, IMigrationSource
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMigrationSource, TSource>());
        return services;
    }
}
