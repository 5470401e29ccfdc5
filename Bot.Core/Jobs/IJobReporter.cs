namespace LicenseBot.Core.Jobs;

/// <summary>
/// Tells the job's thread how it is going. The runner only says when a job starts, when a row finishes and when the
/// job ends; the words and cards are the jobs feature's (<c>Features/Jobs/JobReporter</c>).
/// </summary>
public interface IJobReporter
{
    /// <summary>Starts (or, after a restart, resumes) the progress message of <paramref name="job"/>.</summary>
    Task<IJobProgress> StartAsync(BulkJob job, JobCounts counts, CancellationToken ct);

    /// <summary>The final state, the result and the results file.</summary>
    Task FinishAsync(IJobProgress progress, JobCounts counts, CancellationToken ct);
}

/// <summary>The progress of one running job, told as rows finish.</summary>
public interface IJobProgress
{
    BulkJob Job { get; }

    /// <summary>Rows finished so far; the reporter decides whether this is worth telling.</summary>
    Task ReportAsync(JobCounts counts, CancellationToken ct);
}
