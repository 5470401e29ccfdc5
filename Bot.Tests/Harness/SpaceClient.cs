using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace LicenseBot.Tests.Harness;

/// <summary>
/// A running bot with its simulated Webex org, as a test talks to it: in this process (<see cref="BotSpace"/>) or as a
/// child process that can be killed (<see cref="BotProcess"/>). <see cref="SpacePerson"/> acts through it.
/// </summary>
public interface ISpace
{
    string BotId { get; }
    string BotName { get; }
    SpaceClient Client { get; }
}

/// <summary>
/// The Webex-client side of a test, over real HTTP: people's calls to the simulated API, the bot's messages as Webex
/// lists them, the simulator's inspection endpoint. Remembers which bot messages it has handed out, so each wait
/// returns the next one. The address may change (a restarted host listens on a new port).
/// </summary>
public sealed class SpaceClient(Func<Uri> address, Func<string> botToken, Func<string> inspectToken, Func<string> botId, Func<IEnumerable<string>> problems) : IDisposable
{
    /// <summary>How long <see cref="NextBotMessageAsync"/> waits by default: generous, since a loaded machine (CI, three
    /// engineers on two cores) can stall a turn for seconds; a passing test never waits that long.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public Uri Address => address();

    /// <summary><c>{Address}sandbox/webex/v1/</c>.</summary>
    public Uri ApiBase => new(Address, "sandbox/webex/v1/");

    /// <summary>
    /// The bot's next message in <paramref name="roomId"/> — in the thread of <paramref name="threadId"/> when given —
    /// that no earlier call returned. Waits up to <paramref name="timeout"/> (default <see cref="DefaultWait"/>) and fails
    /// with what the room holds and the warnings and errors the bot logged.
    /// </summary>
    public async Task<BotMessage> NextBotMessageAsync(string roomId, string? threadId = null, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultWait;
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var recent = await BotMessagesAsync(roomId);
            lock (_gate)
            {
                var next = recent.FirstOrDefault(m => !_seen.Contains(m.Id) && (threadId is null || m.ParentId == threadId || m.Id == threadId));
                if (next is not null)
                {
                    _seen.Add(next.Id);
                    return next;
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No new bot message in {roomId}{(threadId is null ? "" : $" thread {threadId}")} within {wait}. " +
                    $"Bot messages there: {string.Join(" | ", recent.Select(m => $"{m.Id} (parent {m.ParentId}): {Short(m.Text)}"))}" + ProblemsText());
            }
            await Task.Delay(40);
        }
    }

    /// <summary>True when the bot posts nothing new in the room (thread) for <paramref name="quiet"/>.</summary>
    public async Task<bool> StaysQuietAsync(string roomId, string? threadId, TimeSpan quiet)
    {
        try
        {
            var unexpected = await NextBotMessageAsync(roomId, threadId, quiet);
            lock (_gate) _seen.Remove(unexpected.Id);
            return false;
        }
        catch (TimeoutException)
        {
            return true;
        }
    }

    /// <summary>Every bot message in the room, oldest first (through the bot's own token, as Webex lists them).</summary>
    public async Task<List<BotMessage>> BotMessagesAsync(string roomId)
    {
        using var request = Request(HttpMethod.Get, $"messages?roomId={Uri.EscapeDataString(roomId)}&max=200", botToken());
        using var response = await _http.SendAsync(request);
        await EnsureOkAsync(response);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        var bot = botId();
        return page.GetProperty("items").EnumerateArray()
            .Where(m => m.TryGetProperty("personId", out var p) && p.GetString() == bot)
            .Select(BotMessage.From)
            .Reverse()
            .ToList();
    }

    /// <summary><c>GET /sandbox/inspect/people/{id}</c>: a person's full simulated record, calling data and voicemail included.</summary>
    public async Task<JsonElement> InspectAsync(string personId)
    {
        using var request = Request(HttpMethod.Get, new Uri(Address, $"sandbox/inspect/people/{Uri.EscapeDataString(personId)}").ToString(), inspectToken());
        using var response = await _http.SendAsync(request);
        await EnsureOkAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    /// <summary>POSTs raw bytes to the bot's webhook endpoint (for forged or replayed deliveries).</summary>
    public async Task<HttpStatusCode> PostWebhookAsync(byte[] body, string? signature)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Address, "api/webex/events")) { Content = content };
        if (signature is not null) request.Headers.Add("X-Spark-Signature", signature);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A seeded person with a token, by e-mail or id (<c>/sandbox/identities</c>).</summary>
    public async Task<(string Id, string Email, string DisplayName, string Token)> IdentityAsync(string emailOrId)
    {
        JsonElement match = default;
        foreach (var query in new[] { $"q={Uri.EscapeDataString(emailOrId)}&max=50", "max=100000" })
        {
            var items = (await _http.GetFromJsonAsync<JsonElement>(new Uri(Address, $"sandbox/identities?{query}"), Json)).GetProperty("items").EnumerateArray();
            match = items.FirstOrDefault(i => string.Equals(i.GetProperty("email").GetString(), emailOrId, StringComparison.OrdinalIgnoreCase)
                                              || i.GetProperty("id").GetString() == emailOrId);
            if (match.ValueKind == JsonValueKind.Object) break;
        }
        if (match.ValueKind != JsonValueKind.Object) throw new InvalidOperationException($"Nobody with a token is seeded as '{emailOrId}'.");
        return (match.GetProperty("id").GetString()!, match.GetProperty("email").GetString()!, match.GetProperty("displayName").GetString() ?? "", match.GetProperty("token").GetString()!);
    }

    /// <summary>A call to the simulated API (relative to <see cref="ApiBase"/>, or absolute) with <paramref name="token"/>; fails unless 2xx.</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, string relative, string token, HttpContent? content = null)
    {
        using var request = Request(method, relative, token);
        request.Content = content;
        using var response = await _http.SendAsync(request);
        await EnsureOkAsync(response);
        return response.Content.Headers.ContentLength == 0 ? default : await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    /// <summary>
    /// Waits until <c>/healthz/ready</c> answers 200 (database, admin token, webhooks registered, job runner), failing after
    /// <paramref name="timeout"/> with the last report.
    /// </summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri(Address, "healthz/ready"));
                if (response.IsSuccessStatusCode) return;
                last = await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The bot was not ready within {timeout}: {last}" + ProblemsText());
            await Task.Delay(50);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string relativeOrAbsolute, string token)
    {
        var request = new HttpRequestMessage(method, new Uri(ApiBase, relativeOrAbsolute));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task EnsureOkAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return;
        throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private string ProblemsText()
    {
        var logged = problems().TakeLast(20).ToList();
        return logged.Count == 0 ? "" : $"{Environment.NewLine}The bot logged:{Environment.NewLine}{string.Join(Environment.NewLine, logged)}";
    }

    private static string Short(string? text) => text is null ? "" : text.Length <= 60 ? text : text[..60] + "…";

    public void Dispose() => _http.Dispose();
}
