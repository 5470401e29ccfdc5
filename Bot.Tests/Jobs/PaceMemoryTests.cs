using LicenseBot.Core.Jobs;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex;
using LicenseBot.Tests.Harness;
using LicenseBot.Tests.Webex;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LicenseBot.Tests.Jobs;

/// <summary>What the pacer learnt of Webex's budget outlives a restart, for a while.</summary>
public sealed class PaceMemoryTests
{
    [Fact]
    public async Task A_restarted_instance_paces_its_first_calls_at_the_budget_learnt_before()
    {
        await using var db = new TestDatabase();
        var storage = new DbStorage(db.Database, db.Time);
        var before = await PacerThatMetA429After(20, db.Time);
        await new PaceMemory(before, storage, db.Time, NullLogger<PaceMemory>.Instance).SaveAsync(CancellationToken.None);

        db.Time.Advance(TimeSpan.FromHours(1));
        var after = Pacer(db.Time);
        Assert.Equal(0, after.Rate);
        await new PaceMemory(after, storage, db.Time, NullLogger<PaceMemory>.Instance).RecallAsync(CancellationToken.None);

        Assert.Equal(20 * WebexPacer.Backoff, after.Rate, 3);
        using (await after.AcquireAsync(1)) { }
        var second = after.AcquireAsync(1).AsTask();
        Assert.False(second.IsCompleted); // paced from the first call: no burst into Webex's window to learn it again
        db.Time.Advance(TimeSpan.FromSeconds(1 / after.Rate));
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task A_budget_learnt_over_a_week_ago_is_learnt_again()
    {
        await using var db = new TestDatabase();
        var storage = new DbStorage(db.Database, db.Time);
        await new PaceMemory(await PacerThatMetA429After(20, db.Time), storage, db.Time, NullLogger<PaceMemory>.Instance).SaveAsync(CancellationToken.None);

        db.Time.Advance(PaceMemory.KeptFor + TimeSpan.FromMinutes(1));
        var after = Pacer(db.Time);
        await new PaceMemory(after, storage, db.Time, NullLogger<PaceMemory>.Instance).RecallAsync(CancellationToken.None);

        Assert.Equal(0, after.Rate);
    }

    [Fact]
    public async Task What_an_instance_learnt_itself_is_not_replaced_by_what_was_saved()
    {
        await using var db = new TestDatabase();
        var storage = new DbStorage(db.Database, db.Time);
        await new PaceMemory(await PacerThatMetA429After(20, db.Time), storage, db.Time, NullLogger<PaceMemory>.Instance).SaveAsync(CancellationToken.None);

        var learning = await PacerThatMetA429After(50, db.Time);
        await new PaceMemory(learning, storage, db.Time, NullLogger<PaceMemory>.Instance).RecallAsync(CancellationToken.None);

        Assert.Equal(50 * WebexPacer.Backoff, learning.Rate, 3);
    }

    private static WebexPacer Pacer(TimeProvider time) => new(Options.Create(new WebexOptions()), time);

    /// <summary>A pacer that let <paramref name="calls"/> through in a second and then met a 429: paced at 97% of that.</summary>
    private static Task<WebexPacer> PacerThatMetA429After(int calls, TimeProvider time) => WebexPacerTests.PacedAfterA429At(Pacer(time), calls);
}
