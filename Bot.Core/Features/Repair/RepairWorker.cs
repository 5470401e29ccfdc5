using LicenseBot.Core.Journal;
using Microsoft.Extensions.DependencyInjection;
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
    ILogger<RepairWorker> logger) : JournalWorker(journal, () => options.Value.PollInterval, time, logger)
{
    protected override Task RunAsync(string id, CancellationToken ct) => runner.RunAsync(id, ct);
}
