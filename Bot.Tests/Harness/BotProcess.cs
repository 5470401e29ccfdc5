using System.Collections.Concurrent;
using System.Diagnostics;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Harness;

/// <summary>
/// The built BotHost as a real child process on a temp folder, for what an in-process host cannot show honestly: a
/// crash. <see cref="KillAsync"/> is <c>kill -9</c> — no hosted service stops, no lease is released, nothing in flight
/// finishes — and <see cref="StartAgainAsync"/> starts a new process on the same folder. The simulated org lives in the
/// same process but is kept in SQLite in the data folder (docs/sandbox.md, "State survives restarts"), like the bot's database, so both
/// survive the kill as they were written.
/// <code>
/// await using var bot = await BotProcess.StartAsync(seed, new Dictionary&lt;string, string?&gt; { ["Jobs:LeaseDuration"] = "00:00:02" });
/// var asked = await bot.As("alice@acme.test").MentionAsync(DemoOrg.AdminsRoomId, "help");
/// await bot.Client.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
/// await bot.KillAsync();
/// await bot.StartAgainAsync();
/// </code>
/// </summary>
public sealed class BotProcess : ISpace, IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly SpaceClient _readiness;
    private readonly string _urls = "http://127.0.0.1:0";
    private readonly string _environment = "Development";
    private readonly bool _ownsClient = true;
    private Process? _process;
    private Uri? _address;

    private BotProcess(string root, Dictionary<string, string?> settings, SeedBot bot)
    {
        Root = root;
        _settings = settings;
        BotId = bot.Id ?? throw new ArgumentException("The seed needs a bot id.");
        BotName = bot.DisplayName ?? "LicenseBot";
        var token = bot.Token ?? throw new ArgumentException("The seed needs a bot token.");
        // The inspection endpoint takes any seeded token; the bot's own is at hand.
        Client = new SpaceClient(() => _address ?? throw new InvalidOperationException("The bot is not running."), () => token, () => token, () => BotId, Problems);
        _readiness = Client;
    }

    private BotProcess(string root, Dictionary<string, string?> settings, SimulatorProcess simulator, int port)
    {
        Root = root;
        _settings = settings;
        _urls = $"http://127.0.0.1:{port}";
        _environment = "Production";
        _ownsClient = false;
        BotId = simulator.BotId;
        BotName = simulator.BotName;
        Client = simulator.Client;
        _readiness = new SpaceClient(() => _address ?? throw new InvalidOperationException("The bot is not running."), () => "", () => "", () => BotId, Problems);
    }

    /// <summary>The temp folder: <c>seed.json</c> and <c>data/</c> (the simulated org and the bot's database).</summary>
    public string Root { get; }

    public string DataDir => Path.Combine(Root, "data");

    /// <summary>The bot's SQLite database in the data folder.</summary>
    public string DatabasePath => Path.Combine(DataDir, "licensebot.db");

    public string BotId { get; }
    public string BotName { get; }
    public SpaceClient Client { get; }

    /// <summary>Everything the processes wrote to stdout and stderr, one log entry a line.</summary>
    public IReadOnlyList<string> Output => _output.ToArray();

    /// <summary>
    /// Writes <paramref name="seed"/> to a new temp folder and starts BotHost on it in sandbox mode with
    /// <paramref name="settings"/>; returns once its webhooks are registered.
    /// </summary>
    public static async Task<BotProcess> StartAsync(SeedDocument seed, IDictionary<string, string?>? settings = null)
    {
        var root = TempFolder.Create("botprocess-");
        var all = (await TempFolder.SandboxSettingsAsync(root, seed)).Overlay(new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "true",
            ["Storage:Provider"] = "Sqlite",
        }).Overlay(settings);
        return await StartedAsync(new BotProcess(root, all, seed.Bot ?? throw new ArgumentException("The seed needs its bot.", nameof(seed))));
    }

    /// <summary>Starts a (new) process on the same folder, with the start settings and <paramref name="overrides"/>; returns once it is ready.</summary>
    public async Task StartAgainAsync(IDictionary<string, string?>? overrides = null)
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("The bot is still running.");
        var settings = new Dictionary<string, string?>(_settings).Overlay(overrides);

        (_process, _address) = await ChildProcess.StartAsync("BotHost.dll",
            [$"--urls={_urls}", $"--contentRoot={Root}", .. ChildProcess.LogArguments, .. settings.Select(kv => $"--{kv.Key}={kv.Value}")],
            Root, _environment, _output);
        await _readiness.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// BotHost on a real org — no sandbox inside — whose Webex is <paramref name="simulator"/> (<c>Webex:ApiBaseUrl</c>, the
    /// simulator's bot and admin tokens), listening on <paramref name="port"/> with <paramref name="settings"/> (storage,
    /// <c>Webex:PublicUrl</c>, …), in the Production environment; returns once it is ready (webhooks registered). Its
    /// <see cref="Client"/> is the simulator's.
    /// </summary>
    public static async Task<BotProcess> StartAgainstAsync(SimulatorProcess simulator, IDictionary<string, string?> settings, int port)
    {
        var root = TempFolder.Create("botprocess-");
        var all = new Dictionary<string, string?>
        {
            ["Webex:ApiBaseUrl"] = simulator.Tokens.ApiBaseUrl,
            ["Webex:BotToken"] = simulator.Tokens.BotToken,
            ["Webex:AdminToken"] = simulator.Tokens.AdminToken,
        }.Overlay(settings);
        var process = new BotProcess(root, all, simulator, port);
        simulator.AlsoReport(process.Problems);
        return await StartedAsync(process);
    }

    /// <summary>Starts <paramref name="process"/>; one that does not come up is disposed (its folder deleted) before the failure is thrown.</summary>
    private static async Task<BotProcess> StartedAsync(BotProcess process)
    {
        try
        {
            await process.StartAgainAsync();
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return process;
    }

    /// <summary>The running process's id (null when it is not running).</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>The address it listens on (null when it is not running).</summary>
    public Uri? Address => _address;

    /// <summary>A seeded person (by e-mail or id) who can talk, upload and click through the simulated API.</summary>
    public SpacePerson As(string emailOrId) => new(this, emailOrId);

    /// <summary><c>kill -9</c>: the process ends at once, whatever it was doing; returns when it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) throw new InvalidOperationException("The bot is not running.");
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
        _address = null;
    }

    private IEnumerable<string> Problems() => ChildProcess.Problems(_output);

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false }) await KillAsync();
        _process?.Dispose();
        if (_ownsClient) Client.Dispose();
        else _readiness.Dispose();
        TempFolder.Delete(Root);
    }
}
