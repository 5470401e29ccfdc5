using LicenseBot.Core.Features.Reset;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Repair;

/// <summary>
/// Resumes repairs in the background: at start (a host that died between removing and assigning the calling licence
/// assigns it again on restart, with the journaled number, extension and location), and every
/// <see cref="RepairOptions.PollInterval"/> for failed steps whose retry is due.
/// </summary>
public sealed class RepairWorker(
    [FromKeyedServices(ResetJournal.RepairKind)] ResetJournal journal,
    RepairRunner runner,
    IOptions<RepairOptions> options,
    TimeProvider time,
    ILogger<RepairWorker> logger) : BackgroundService
{
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
                logger.LogError(ex, "Repair round failed; retrying at the next poll");
            }
            try
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
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
            await runner.RunAsync(id, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Repair {RepairId} could not run; it stays journaled", id);
        }
    }
}
