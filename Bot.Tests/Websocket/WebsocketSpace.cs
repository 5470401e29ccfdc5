using System.Net.Http.Json;
using System.Text.Json;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;

namespace LicenseBot.Tests.Websocket;

/// <summary>The whole bot in websocket mode against the sandbox, and what a test needs to disturb its event socket.</summary>
internal static class WebsocketSpace
{
    /// <summary>Websocket mode with quick reconnects (the backoff still doubles, with jitter), plus <paramref name="extra"/>.</summary>
    public static Task<BotSpace> StartAsync(SeedDocument? seed = null, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Webex:Transport"] = "Websocket",
            ["Webex:Websocket:ReconnectInitialDelay"] = "00:00:00.200",
            ["Webex:Websocket:ReconnectMaxDelay"] = "00:00:02",
        }.Overlay(extra);
        return BotSpace.StartAsync(seed, settings);
    }

    /// <summary>Drops every event-socket connection as a network failure would; with <paramref name="refuseNext"/> the next handshake is refused once.</summary>
    public static async Task<int> DropAsync(BotSpace space, bool refuseNext, int refuseStatus = 503)
    {
        var answer = await space.Client.SendAsync(HttpMethod.Post, new Uri(space.Address, $"sandbox/socket/drop?refuseNext={refuseNext.ToString().ToLowerInvariant()}&status={refuseStatus}").ToString(), space.Sandbox.BotToken);
        return answer.GetProperty("dropped").GetInt32();
    }

    /// <summary>The sandbox's view of the bot's device: delivered, acked, redelivered, dropped, connections.</summary>
    public static async Task<JsonElement> SocketAsync(BotSpace space)
    {
        var answer = await space.Client.SendAsync(HttpMethod.Get, new Uri(space.Address, "sandbox/socket").ToString(), space.Sandbox.BotToken);
        return answer.GetProperty("devices").EnumerateArray().Single();
    }

    public static async Task<List<JsonElement>> DevicesAsync(BotSpace space) =>
        (await space.Client.SendAsync(HttpMethod.Get, new Uri(space.Address, "sandbox/wdm/api/v1/devices").ToString(), space.Sandbox.BotToken))
            .GetProperty("devices").EnumerateArray().ToList();

    public static async Task<(int Status, JsonElement Body)> HealthAsync(BotSpace space)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(space.Address, "healthz/transport"));
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Waits until the health check says the socket is in <paramref name="state"/> with at least <paramref name="reconnects"/> reconnects.</summary>
    public static async Task<JsonElement> HealthUntilAsync(BotSpace space, string state, int reconnects = 0, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var (_, body) = await HealthAsync(space);
            if (body.GetProperty("socket").GetString() == state && body.GetProperty("reconnects").GetInt32() >= reconnects) return body;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The socket did not become {state} (reconnects ≥ {reconnects}): {body}");
            await Task.Delay(50);
        }
    }

    /// <summary>The bot's messages in the thread of <paramref name="threadId"/>, oldest first.</summary>
    public static async Task<List<BotMessage>> ThreadAsync(BotSpace space, string roomId, string threadId) =>
        (await space.BotMessagesAsync(roomId)).Where(m => m.ParentId == threadId || m.Id == threadId).ToList();
}
