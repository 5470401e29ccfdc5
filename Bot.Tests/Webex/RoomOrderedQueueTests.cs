using System.Collections.Concurrent;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Logging.Abstractions;

namespace LicenseBot.Tests.Webex;

public sealed class RoomOrderedQueueTests
{
    [Fact]
    public async Task One_rooms_events_run_in_order_while_rooms_run_side_by_side()
    {
        var log = new ConcurrentQueue<string>();
        var gate = new TaskCompletionSource();
        await using var queue = new RoomOrderedQueue<string>(100, 4, async (item, _) =>
        {
            if (item == "A1") await gate.Task; // room A's first event is slow
            log.Enqueue(item);
        }, NullLogger.Instance);

        Assert.True(queue.TryEnqueue("A", "A1"));
        Assert.True(queue.TryEnqueue("A", "A2"));
        Assert.True(queue.TryEnqueue("B", "B1"));
        Assert.True(queue.TryEnqueue("B", "B2"));
        await WaitUntilAsync(() => log.Count == 2);
        Assert.Equal(["B1", "B2"], log); // room B did not wait for room A

        gate.SetResult();
        await queue.DrainAsync(CancellationToken.None);
        Assert.Equal(["B1", "B2", "A1", "A2"], log);
    }

    [Fact]
    public async Task A_full_queue_refuses_until_work_is_done()
    {
        var gate = new TaskCompletionSource();
        await using var queue = new RoomOrderedQueue<int>(2, 1, (_, _) => gate.Task, NullLogger.Instance);
        Assert.True(queue.TryEnqueue("A", 1));
        Assert.True(queue.TryEnqueue("B", 2));
        Assert.False(queue.TryEnqueue("C", 3));
        gate.SetResult();
        await queue.DrainAsync(CancellationToken.None);
        Assert.True(queue.TryEnqueue("C", 3));
    }

    [Fact]
    public async Task A_failing_event_does_not_stop_the_rooms_next_one()
    {
        var done = new ConcurrentQueue<int>();
        await using var queue = new RoomOrderedQueue<int>(10, 2, (item, _) =>
        {
            if (item == 1) throw new InvalidOperationException("boom");
            done.Enqueue(item);
            return Task.CompletedTask;
        }, NullLogger.Instance);
        queue.TryEnqueue("A", 1);
        queue.TryEnqueue("A", 2);
        await queue.DrainAsync(CancellationToken.None);
        Assert.Equal([2], done);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Condition not met in 10 s.");
            await Task.Delay(10);
        }
    }
}
