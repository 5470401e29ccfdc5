using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LicenseBot.Core.Storage;
using LicenseBot.Host;
using LicenseBot.Sandbox;
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
/// var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "help");          // "&lt;@personId:BOT|LicenseBot&gt; help"
/// var reply = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id); // the bot's next message in that thread
/// Assert.Contains("help", reply.CardText);
/// await alice.SubmitAsync(reply, "Confirm", new { note = "x" });               // clicks the button whose title starts so
/// await space.RestartAsync();                                                  // same data folder, new process state
/// var bob = await space.InspectAsync("P-BOB");                                 // the simulator's full record
/// </code>
/// Every space has its own temp folder (deleted on dispose) and port, so test classes can run in parallel. The host's
/// warnings and errors are kept (<see cref="Problems"/>) and shown when a wait for the bot fails.
/// For a crash (no graceful shutdown at all) see <see cref="BotProcess"/>.
/// </summary>
public sealed class BotSpace : ISpace, IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly BotLog _log;
    private WebApplication _app;

    private BotSpace(WebApplication app, string root, Dictionary<string, string?> settings, Action<IServiceCollection>? services, BotLog log)
    {
        _app = app;
        _log = log;
        Root = root;
        _settings = settings;
        _services = services;
        Address = new Uri(ListeningOn(app) + "/");
        Client = new SpaceClient(() => Address, () => Sandbox.BotToken, () => Sandbox.AdminToken, () => BotId, () => _log.Lines);
    }

    /// <summary>The temp folder: <c>seed.json</c> and the data folder (simulated org and the bot's database).</summary>
    public string Root { get; }

    public string DataDir => Path.Combine(Root, "data");

    /// <summary><c>http://127.0.0.1:{port}/</c>; changes on <see cref="RestartAsync"/>.</summary>
    public Uri Address { get; private set; }

    /// <summary><c>{Address}sandbox/webex/v1/</c>.</summary>
    public Uri ApiBase => Client.ApiBase;

    /// <summary>The running host's services (for checks such as the webhook secret); they change on restart.</summary>
    public IServiceProvider Services => _app.Services;

    public ISandboxAccess Sandbox => Services.GetRequiredService<ISandboxAccess>();
    public string BotId => Sandbox.BotPersonId;
    public string BotName { get; private set; } = "LicenseBot";

    public SpaceClient Client { get; }

    /// <summary>Every warning and error the host logged (all its runs), one line each.</summary>
    public IReadOnlyList<string> Problems => _log.Lines;

    /// <summary>
    /// Starts the bot on <paramref name="seed"/> (default: the demo org with 20 extra people) with extra configuration
    /// <paramref name="settings"/> (e.g. <c>["Bot:ConfirmationTtl"] = "00:01:00"</c>), and waits until its webhooks are registered.
    /// <paramref name="services"/> registers replacements before the host's own (which are added with TryAdd), e.g. a
    /// confirmation service on a FakeTimeProvider.
    /// </summary>
    public static async Task<BotSpace> StartAsync(SeedDocument? seed = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var root = TempFolder.Create("botspace-");
        var all = (await TempFolder.SandboxSettingsAsync(root, seed ?? DemoOrg.Build(20))).Overlay(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["environment"] = "Development",
            ["Storage:Provider"] = "Sqlite",
        }).Overlay(settings);
        var log = new BotLog();
        var space = new BotSpace(await LaunchAsync(all, services, log), root, all, services, log);
        await space.Client.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        space.BotName = (await space.SendAsync(HttpMethod.Get, "people/me", space.Sandbox.BotToken)).GetProperty("displayName").GetString() ?? "LicenseBot";
        return space;
    }

    /// <summary>A seeded person (by e-mail or id) who can talk, upload and click through the simulated API.</summary>
    public SpacePerson As(string emailOrId) => new(this, emailOrId);

    /// <inheritdoc cref="SpaceClient.NextBotMessageAsync"/>
    public Task<BotMessage> NextBotMessageAsync(string roomId, string? threadId = null, TimeSpan? timeout = null) =>
        Client.NextBotMessageAsync(roomId, threadId, timeout);

    /// <inheritdoc cref="SpaceClient.StaysQuietAsync"/>
    public Task<bool> StaysQuietAsync(string roomId, string? threadId, TimeSpan quiet) => Client.StaysQuietAsync(roomId, threadId, quiet);

    /// <inheritdoc cref="SpaceClient.BotMessagesAsync"/>
    public Task<List<BotMessage>> BotMessagesAsync(string roomId) => Client.BotMessagesAsync(roomId);

    /// <summary>Stops the host and starts it again on the same data folder (a crash-and-restart, minus the crash).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _app = await LaunchAsync(_settings, _services, _log);
        Address = new Uri(ListeningOn(_app) + "/");
        await Client.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
    }

    /// <inheritdoc cref="SpaceClient.InspectAsync"/>
    public Task<JsonElement> InspectAsync(string personId) => Client.InspectAsync(personId);

    /// <inheritdoc cref="SpaceClient.PostWebhookAsync"/>
    public Task<HttpStatusCode> PostWebhookAsync(byte[] body, string? signature) => Client.PostWebhookAsync(body, signature);

    internal Task<JsonElement> SendAsync(HttpMethod method, string relative, string token, HttpContent? content = null) =>
        Client.SendAsync(method, relative, token, content);

    private static async Task<WebApplication> LaunchAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services, BotLog log)
    {
        var args = settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
        var app = BotHostApp.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(log);
            builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return app;
    }

    private static string ListeningOn(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    private async Task StopAsync()
    {
        // This host's own connection pool only: SqliteConnection.ClearAllPools() would also clear the pools of the hosts
        // of other test classes running in parallel, mid-turn.
        var database = BotDatabase.SqliteConnectionString(Path.Combine(Sandbox.DataDirectory, "licensebot.db"));
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _app.StopAsync(timeout.Token);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"The bot did not stop cleanly: {e.Message}{Environment.NewLine}It logged:{Environment.NewLine}{string.Join(Environment.NewLine, _log.Lines.TakeLast(20))}", e);
        }
        finally
        {
            await _app.DisposeAsync();
            using var connection = new SqliteConnection(database);
            SqliteConnection.ClearPool(connection);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Client.Dispose();
        TempFolder.Delete(Root);
    }
}
