using LicenseBot.Core.Features.Undo;

namespace LicenseBot.Tests.Jobs;

/// <summary>The job id after <c>undo</c>, however an admin copies it from <c>jobs</c> or a progress message.</summary>
public sealed class UndoJobIdTests
{
    [Theory]
    [InlineData("J7K2QXM", "J7K2QXM")]
    [InlineData("j7k2qxm", "J7K2QXM")]
    [InlineData("  `J7K2QXM`.", "J7K2QXM")]
    [InlineData("job J7K2QXM", "J7K2QXM")]
    [InlineData("taak (J7K2QXM)", "J7K2QXM")]
    [InlineData("J7K2QXM please", "J7K2QXM")]
    [InlineData("", null)]
    [InlineData("  ` ", null)]
    public void The_job_id_is_read_as_jobs_shows_it(string arguments, string? expected) =>
        Assert.Equal(expected, UndoDialog.JobIdOf(arguments));
}
