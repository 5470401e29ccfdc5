using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Reset;

/// <summary>
/// Resumes resets in the background: at start (a host that died between the two steps finishes them on restart),
/// and every <see cref="ResetOptions.PollInterval"/> for failed steps whose retry is due.
/// </summary>
public sealed class ResetWorker(ResetJournal journal, ResetRunner runner, IOptions<ResetOptions> options, TimeProvider time, ILogger<ResetWorker> logger)
    : BackgroundService
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
                // The journal keeps every reset; the next round picks them up again.
                logger.LogError(ex, "Reset round failed; retrying at the next poll");
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
            logger.LogError(ex, "Reset {ResetId} could not run; it stays journaled", id);
        }
    }
}
