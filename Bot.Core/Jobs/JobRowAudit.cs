using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Text;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Core.Jobs;

/// <summary>
/// Records a bulk row whose PATCH was sent in the audit log (safety principle 5): who asked and confirmed the job,
/// when, before, after, outcome and tracking id. The entry id is derived from the job and row, so a row resolved
/// again after a crash is recorded once.
/// </summary>
public sealed class JobRowAudit(IAuditLog audit, TimeProvider time, ILogger<JobRowAudit> logger)
{
    public async Task RecordAsync(BulkJob job, JobRow row, RowResult result, CancellationToken ct)
    {
        if (result.State is not (RowState.Done or RowState.Failed)) return; // skipped rows sent nothing
        var after = result.AfterIds ?? [];
        var held = after.ToHashSet(StringComparer.Ordinal);
        var someApplied = result.AfterIds is not null && (row.Adds.Any(a => held.Contains(a.LicenceId)) || row.RemoveIds.Any(id => !held.Contains(id)));
        var outcome = result.State == RowState.Done ? "Applied" : someApplied ? "Partial" : "Failed";
        var detail = result.Error is null
            ? BotText.Format("audit.job_row", job.Id, row.SourceRow)
            : BotText.Format("audit.job_row_error", job.Id, row.SourceRow, result.Error);
        var entry = new AuditEntry($"job-{job.Id}-{row.Seq}", time.GetUtcNow(), row.PersonId, row.Email, job.RequestedBy, job.ConfirmedBy ?? "",
            row.BeforeIds, after, outcome, result.TrackingId, detail);
        try
        {
            await audit.AppendAsync(entry, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change is sent; losing its record is serious but must not stop the job.
            logger.LogError(ex, "Audit entry for row {Row} of job {JobId} ({PersonId}) could not be written", row.SourceRow, job.Id, row.PersonId);
        }
    }
}
