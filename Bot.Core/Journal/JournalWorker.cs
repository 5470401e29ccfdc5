using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Journal;

/// <summary>
/// Resumes the journaled two-step operations of one kind in the background: at start (a host that died between the
/// steps finishes them on restart), and every poll interval for failed steps whose retry is due. The journal keeps
/// every operation, so a failed round or run is picked up again by the next.
/// </summary>
public abstract class JournalWorker(ResetJournal journal, Func<TimeSpan> pollInterval, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>Runs (or resumes) the operation <paramref name="id"/>.</summary>
    protected abstract Task RunAsync(string id, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var id in await journal.DueAsync(20, stoppingToken))
                    await RunOneAsync(id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A {Kind} round failed; retrying at the next poll", journal.Kind);
            }
            try
            {
                await Task.Delay(pollInterval(), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunOneAsync(string id, CancellationToken ct)
    {
        try
        {
            await RunAsync(id, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{Kind} {OperationId} could not run; it stays journaled", journal.Kind, id);
        }
    }
}
