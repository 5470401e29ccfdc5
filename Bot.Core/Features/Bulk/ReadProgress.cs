using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Bulk;

/// <summary>
/// While a plan or an export reads the org: when the reading takes longer than <see cref="Quiet"/>, the message that
/// said it started is edited to count the users read — every <c>interval</c> at most, and at most
/// <see cref="MaxEdits"/> times (Webex allows a message 10 edits) — and, once edited, a last time with the total.
/// One message, never a stream of them.
/// </summary>
public static class ReadProgress
{
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);
    public const int MaxEdits = 8;

    /// <summary>Runs <paramref name="read"/>, counting into a fresh <see cref="ReadCount"/>, and keeps <paramref name="message"/> up to date.</summary>
    public static async Task<T> RunAsync<T>(ITurnContext turn, ResourceResponse message, string text, TimeSpan interval, TimeProvider time,
        Func<ReadCount, Task<T>> read, CancellationToken ct)
    {
        var result = default(T)!;
        await RunAsync(turn, Task.FromResult(message), text, interval, time, read, r =>
        {
            result = r;
            return Task.CompletedTask;
        }, ct);
        return result;
    }

    /// <summary>
    /// <see cref="RunAsync{T}(ITurnContext, ResourceResponse, string, TimeSpan, TimeProvider, Func{ReadCount, Task{T}}, CancellationToken)"/>
    /// without a round trip of its own on the admin's wait: the read starts while <paramref name="message"/> is still
    /// being posted (it is waited for before the first edit, and before this returns or throws, so nothing the caller
    /// posts next comes before it), and <paramref name="then"/> gets the result while the last edit is made.
    /// </summary>
    public static async Task RunAsync<T>(ITurnContext turn, Task<ResourceResponse> message, string text, TimeSpan interval, TimeProvider time,
        Func<ReadCount, Task<T>> read, Func<T, Task> then, CancellationToken ct)
    {
        var count = new ReadCount();
        var started = time.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task<T> reading;
        try
        {
            reading = read(count);
        }
        catch
        {
            await IgnoreFailure(message);
            throw;
        }
        int edits;
        try
        {
            edits = await EditWhileAsync(turn, message, text, interval, time, count, reading, stop.Token);
        }
        catch
        {
            await IgnoreFailure(reading);
            throw;
        }
        T result;
        try
        {
            result = await reading;
        }
        finally
        {
            await IgnoreFailure(message);
        }
        var sent = await message; // its failure is the caller's, as when it was posted before the read
        var last = edits > 0
            ? TryEditAsync(turn, sent, BotText.Format("bulk.read.done", text, count.Users, time.GetElapsedTime(started).TotalSeconds), ct)
            : Task.FromResult(false);
        try
        {
            await then(result);
        }
        finally
        {
            await last;
        }
    }

    private static async Task IgnoreFailure(Task task)
    {
        try { await task; } catch { /* reported by whoever awaits it for its result */ }
    }

    private static async Task<int> EditWhileAsync(ITurnContext turn, Task<ResourceResponse> posting, string text, TimeSpan interval, TimeProvider time,
        ReadCount count, Task reading, CancellationToken ct)
    {
        var edits = 0;
        var wait = Quiet;
        ResourceResponse? message = null;
        while (edits < MaxEdits)
        {
            var delay = Task.Delay(wait, time, ct);
            if (await Task.WhenAny(reading, delay) == reading) return edits;
            if (message is null)
            {
                try { message = await posting; }
                catch (Webex.WebexApiException) { return edits; } // the caller hears of it once the read is done
                if (message.Id is null) return edits;
            }
            if (await TryEditAsync(turn, message, BotText.Format("bulk.read.progress", text, count.Users), ct)) edits++;
            wait = interval;
        }
        return edits;
    }

    private static async Task<bool> TryEditAsync(ITurnContext turn, ResourceResponse message, string text, CancellationToken ct)
    {
        if (message.Id is null) return false;
        try
        {
            await turn.UpdateActivityAsync(Activity.CreateMessage(text) with { Id = message.Id }, ct);
            return true;
        }
        catch (Webex.WebexApiException)
        {
            // Progress is a courtesy: a refused edit must not stop the read.
            return false;
        }
    }
}
