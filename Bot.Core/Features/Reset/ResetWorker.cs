using LicenseBot.Core.Journal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Reset;

/// <summary>
/// Resumes resets in the background: at start (a host that died between the two steps finishes them on restart),
/// and every <see cref="ResetOptions.PollInterval"/> for failed steps whose retry is due.
/// </summary>
public sealed class ResetWorker(ResetJournal journal, ResetRunner runner, IOptions<ResetOptions> options, TimeProvider time, ILogger<ResetWorker> logger)
    : JournalWorker(journal, () => options.Value.PollInterval, time, logger)
{
    protected override Task RunAsync(string id, CancellationToken ct) => runner.RunAsync(id, ct);
}
