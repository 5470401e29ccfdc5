using System.ComponentModel.DataAnnotations;

namespace LicenseBot.Core.Jobs;

/// <summary>The <c>Jobs</c> configuration section: how bulk work is paced.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// Rows of one job in progress at the same time (journal, PATCH, audit). Default 32: enough to keep a budget of a few
    /// hundred calls a second busy at a round trip of 50–100 ms; the journal and audit writes of rows in progress are
    /// committed together, so more rows cost the database little. How many calls actually go to Webex at once, and how
    /// fast, is the shared admin budget's business (<c>Webex:RequestsPerSecond</c> and <c>Webex:MaxConcurrency</c>, learnt by default).
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>Attempts for one call that fails with 5xx or a timeout (a licence change is re-sent only after reading the user). Default 4.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First back-off after a 5xx or timeout; doubles each attempt. Default 500 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Rows re-checked against Webex with one round of batched reads before their changes are sent: the first batch, and
    /// the fewest in any. Default 500. A job whose re-check takes longer than sending a batch (a long holder list, read
    /// page after page) makes its batches larger, up to 5,000 rows, so the reads never hold the sends up; while a
    /// re-check is still being read, the rows after it go in small batches (a tenth of a second's worth of rows, 4 to
    /// <see cref="MaxConcurrency"/>), each user read on their own.
    /// </summary>
    [Range(1, 20_000)]
    public int RecheckBatchSize { get; set; } = 500;

    /// <summary>Least time between two edits of the progress message (Webex allows 10 edits). Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the runner looks for work it was not told about (jobs left by a crash, other instances). Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a running job stays claimed by one instance without renewal (renewed every third of it). A stopping
    /// instance lets go at once; after a crash another instance, or the restarted one, takes over when it runs out. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
}
