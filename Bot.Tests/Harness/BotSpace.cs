using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LicenseBot.Host;
using LicenseBot.Host.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Tests.Harness;

/// <summary>
/// The WHOLE bot — the real <c>BotHost</c> (<see cref="BotHostApp.Build"/>) with its sandbox — on Kestrel at a free
/// loopback port, driven as seeded people through the simulated Webex REST API. Webhooks arrive over real HTTP, signed.
/// <code>
/// await using var space = await BotSpace.StartAsync();                       // small demo org; or pass a seed
/// var alice = space.As("alice@acme.test");
/// var asked = await alice.MentionAsync("R-ADMINS", "help");                   // "&lt;@personId:BOT|LicenseBot&gt; help"
/// var reply = await space.NextBotMessageAsync("R-ADMINS", asked.Id);          // the bot's next message in that thread
/// Assert.Contains("help", reply.CardText);
/// await alice.SubmitAsync(reply, "Confirm", new { note = "x" });               // clicks the button whose title starts so
/// await space.RestartAsync();                                                  // same data folder, new process state
/// var bob = await space.InspectAsync("P-BOB");                                 // the simulator's full record
/// </code>
/// Every space has its own temp folder (deleted on dispose) and port, so test classes can run in parallel.
/// </summary>
public sealed class BotSpace : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private WebApplication _app;

    private BotSpace(WebApplication app, string root, Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        _app = app;
        Root = root;
        _settings = settings;
        _services = services;
        Address = new Uri(ListeningOn(app) + "/");
    }

    /// <summary>The temp folder: <c>seed.json</c> and the data folder (simulated org and the bot's database).</summary>
    public string Root { get; }

    public string DataDir => Path.Combine(Root, "data");

    /// <summary><c>http://127.0.0.1:{port}/</c>; changes on <see cref="RestartAsync"/>.</summary>
    public Uri Address { get; private set; }

    /// <summary><c>{Address}sandbox/webex/v1/</c>.</summary>
    public Uri ApiBase => new(Address, "sandbox/webex/v1/");

    /// <summary>The running host's services (for checks such as the webhook secret); they change on restart.</summary>
    public IServiceProvider Services => _app.Services;

    public ISandboxAccess Sandbox => Services.GetRequiredService<ISandboxAccess>();
    public string BotId => Sandbox.BotPersonId;
    public string BotName { get; private set; } = "LicenseBot";

    /// <summary>
    /// Starts the bot on <paramref name="seed"/> (default: the demo org with 20 extra people) with extra configuration
    /// <paramref name="settings"/> (e.g. <c>["Bot:ConfirmationTtl"] = "00:01:00"</c>), and waits until its webhooks are registered.
    /// <paramref name="services"/> registers replacements before the host's own (which are added with TryAdd), e.g. a
    /// confirmation service on a FakeTimeProvider.
    /// </summary>
    public static async Task<BotSpace> StartAsync(SeedDocument? seed = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var root = Directory.CreateTempSubdirectory("botspace-").FullName;
        var seedFile = Path.Combine(root, "seed.json");
        await File.WriteAllBytesAsync(seedFile, JsonSerializer.SerializeToUtf8Bytes(seed ?? DemoOrg.Build(20), Json));
        var all = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["environment"] = "Development",
            ["Sandbox:DataDir"] = Path.Combine(root, "data"),
            ["Sandbox:SeedFile"] = seedFile,
            ["Sandbox:RandomSeed"] = "12345",
            ["Storage:Provider"] = "Sqlite",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var space = new BotSpace(await LaunchAsync(all, services), root, all, services);
        await space.WaitUntilReadyAsync();
        space.BotName = (await space.SendAsync(HttpMethod.Get, "people/me", space.Sandbox.BotToken)).GetProperty("displayName").GetString() ?? "LicenseBot";
        return space;
    }

    /// <summary>A seeded person (by e-mail or id) who can talk, upload and click through the simulated API.</summary>
    public SpacePerson As(string emailOrId) => new(this, emailOrId);

    /// <summary>
    /// The bot's next message in <paramref name="roomId"/> — in the thread of <paramref name="threadId"/> when given —
    /// that no earlier call returned. Waits up to <paramref name="timeout"/> (default 10 s) and fails with what the room holds.
    /// </summary>
    public async Task<BotMessage> NextBotMessageAsync(string roomId, string? threadId = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        List<BotMessage> recent = [];
        while (true)
        {
            recent = await BotMessagesAsync(roomId);
            var next = recent.FirstOrDefault(m => !_seen.Contains(m.Id) && (threadId is null || m.ParentId == threadId || m.Id == threadId));
            if (next is not null)
            {
                _seen.Add(next.Id);
                return next;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No new bot message in {roomId}{(threadId is null ? "" : $" thread {threadId}")} within {timeout ?? TimeSpan.FromSeconds(10)}. " +
                    $"Bot messages there: {string.Join(" | ", recent.Select(m => $"{m.Id} (parent {m.ParentId}): {Short(m.Text)}"))}");
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
            _seen.Remove(unexpected.Id);
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
        using var request = Request(HttpMethod.Get, $"messages?roomId={Uri.EscapeDataString(roomId)}&max=200", Sandbox.BotToken);
        using var response = await _http.SendAsync(request);
        await EnsureOkAsync(response);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        return page.GetProperty("items").EnumerateArray()
            .Where(m => m.TryGetProperty("personId", out var p) && p.GetString() == BotId)
            .Select(BotMessage.From)
            .Reverse()
            .ToList();
    }

    /// <summary>Stops the host and starts it again on the same data folder (a crash-and-restart, minus the crash).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _app = await LaunchAsync(_settings, _services);
        Address = new Uri(ListeningOn(_app) + "/");
        await WaitUntilReadyAsync();
    }

    /// <summary><c>GET /sandbox/inspect/people/{id}</c>: a person's full simulated record, calling data and voicemail included.</summary>
    public async Task<JsonElement> InspectAsync(string personId)
    {
        using var request = Request(HttpMethod.Get, new Uri(Address, $"sandbox/inspect/people/{Uri.EscapeDataString(personId)}").ToString(), Sandbox.AdminToken);
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

    internal async Task<(string Id, string Email, string DisplayName, string Token)> IdentityAsync(string emailOrId)
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

    internal async Task<JsonElement> SendAsync(HttpMethod method, string relative, string token, HttpContent? content = null)
    {
        using var request = Request(method, relative, token);
        request.Content = content;
        using var response = await _http.SendAsync(request);
        await EnsureOkAsync(response);
        return response.Content.Headers.ContentLength == 0 ? default : await response.Content.ReadFromJsonAsync<JsonElement>(Json);
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

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri(Address, "healthz"));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The bot did not register its webhooks within 30 s.");
            await Task.Delay(50);
        }
    }

    private static async Task<WebApplication> LaunchAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        var args = settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
        var app = BotHostApp.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddFilter(_ => false);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return app;
    }

    private static string ListeningOn(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    private async Task StopAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    private static string Short(string? text) => text is null ? "" : text.Length <= 60 ? text : text[..60] + "…";

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
