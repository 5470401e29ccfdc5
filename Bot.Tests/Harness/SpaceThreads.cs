using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Harness;

/// <summary>
/// Waiting for the bot in a thread of the admins room (<see cref="DemoOrg.AdminsRoomId"/>) of any <see cref="ISpace"/>,
/// skipping its other messages, and reading what it posted and what the simulator holds: for the bulk, language,
/// websocket and card tests alike.
/// </summary>
internal static class SpaceThreads
{
    /// <summary>Waits for the bot's next message in the thread that satisfies <paramref name="match"/>, skipping others.</summary>
    public static async Task<BotMessage> WaitForAsync(this ISpace space, string threadId, Func<BotMessage, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? SpaceClient.DefaultWait);
        var skipped = new List<string>();
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"No matching bot message in thread {threadId}; saw: {string.Join(" | ", skipped)}");
            var message = await space.Client.NextBotMessageAsync(DemoOrg.AdminsRoomId, threadId, left);
            if (match(message)) return message;
            skipped.Add((message.Text ?? message.CardText).Split('\n')[0]);
        }
    }

    public static Task<BotMessage> CardAsync(this ISpace space, string threadId, string contains, TimeSpan? timeout = null) =>
        space.WaitForAsync(threadId, m => m.HasCard && m.CardText.Contains(contains, StringComparison.Ordinal), timeout);

    public static Task<BotMessage> TextAsync(this ISpace space, string threadId, string contains, TimeSpan? timeout = null) =>
        space.WaitForAsync(threadId, m => !m.HasCard && m.Files.Count == 0 && (m.Text ?? "").Contains(contains, StringComparison.Ordinal), timeout);

    public static Task<BotMessage> FileAsync(this ISpace space, string threadId, string nameContains, TimeSpan? timeout = null) =>
        space.WaitForAsync(threadId, m => m.Files.Count > 0 && (m.Text ?? m.Markdown ?? "").Contains(nameContains, StringComparison.Ordinal), timeout);

    /// <summary>Downloads a file the bot posted, as a member of the space would.</summary>
    public static async Task<string> DownloadAsync(this ISpace space, BotMessage message, string token = "alice-token")
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, message.Files[0]);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF');
    }

    /// <summary>The simulator's record of a user: licence ids and calling data.</summary>
    public static async Task<(List<string> Licences, string? Phone, string? Extension, bool Voicemail)> UserAsync(this ISpace space, string personId)
    {
        var p = await space.Client.InspectAsync(personId);
        var licences = p.GetProperty("licenses").EnumerateArray().Select(l => l.GetProperty("id").GetString()!).ToList();
        var calling = p.GetProperty("calling");
        return calling.ValueKind == JsonValueKind.Object
            ? (licences, calling.GetProperty("phoneNumber").GetString(), calling.GetProperty("extension").GetString(), calling.GetProperty("voicemail").GetProperty("enabled").GetBoolean())
            : (licences, null, null, false);
    }
}
