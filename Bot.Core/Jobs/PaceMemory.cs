using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Jobs;

/// <summary>
/// Keeps what the <see cref="WebexPacer"/> learnt of Webex's budget in the bot's database (key <c>webex/pace</c>), so a
/// restarted instance, or another instance of the bot, starts its first job at that pace instead of learning it again
/// from <c>429</c>s (each a second's pause for every caller). Saved every ten seconds when it changed, and at stop; a
/// budget learnt more than <see cref="KeptFor"/> ago is not used, as Webex may have changed it.
/// </summary>
public sealed class PaceMemory(WebexPacer pacer, IStorage storage, TimeProvider time, ILogger<PaceMemory> logger) : BackgroundService
{
    internal const string StorageKey = "webex/pace";

    /// <summary>How long a learnt budget is trusted.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);

    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    private LearntBudget? _saved;

    private sealed record Stored(double Rate, double LimitAt429, DateTimeOffset LearntAt);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RecallAsync(stoppingToken);
            using var timer = new PeriodicTimer(Every, time);
            while (await timer.WaitForNextTickAsync(stoppingToken)) await SaveAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: saved below.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The learnt pace of Webex calls could not be read or saved; it is learnt again from Webex's answers");
            return;
        }
        try
        {
            await SaveAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The learnt pace of Webex calls could not be saved at stop");
        }
    }

    /// <summary>Starts the pacer from the budget saved last, when there is one recent enough.</summary>
    public async Task RecallAsync(CancellationToken ct)
    {
        var stored = (await storage.ReadAsync(StorageKey, ct))?.As<Stored>();
        if (stored is null || time.GetUtcNow() - stored.LearntAt > KeptFor) return;
        _saved = new LearntBudget(stored.Rate, stored.LimitAt429);
        pacer.StartFrom(_saved);
        logger.LogInformation("Pacing Webex calls at {Rate:0.#} a second, as learnt at {LearntAt:u}", stored.Rate, stored.LearntAt);
    }

    /// <summary>Saves what the pacer learnt, when it learnt something since the last save.</summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        var learnt = pacer.Learnt;
        if (learnt is null || learnt == _saved) return;
        await storage.WriteAsync(StorageKey, StoreItem.From(new Stored(learnt.Rate, learnt.LimitAt429, time.GetUtcNow())), ct);
        _saved = learnt;
    }
}
