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
        var count = new ReadCount();
        var started = time.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = read(count);
        var edits = await EditWhileAsync(turn, message, text, interval, time, count, reading, stop.Token);
        var result = await reading;
        if (edits > 0)
        {
            var seconds = time.GetElapsedTime(started).TotalSeconds;
            await TryEditAsync(turn, message, BotText.Format("bulk.read.done", text, count.Users, seconds), ct);
        }
        return result;
    }

    private static async Task<int> EditWhileAsync(ITurnContext turn, ResourceResponse message, string text, TimeSpan interval, TimeProvider time,
        ReadCount count, Task reading, CancellationToken ct)
    {
        var edits = 0;
        var wait = Quiet;
        while (edits < MaxEdits && message.Id is not null)
        {
            var delay = Task.Delay(wait, time, ct);
            if (await Task.WhenAny(reading, delay) == reading) return edits;
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
