using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Harness;

/// <summary>
/// The simulator on its own (<c>LicenseBot.Sandbox</c>, no bot inside) as a child process on a temp folder, for bots
/// that run as separate processes in real-org mode against it (<see cref="BotProcess.StartAgainstAsync"/>). The bot's and
/// the admin's tokens come from the file it writes in its data folder (<see cref="SandboxProgram.TokensFileName"/>).
/// <code>
/// await using var simulator = await SimulatorProcess.StartAsync(seed, new Dictionary&lt;string, string?&gt; { ["Sandbox:DeliverTo:0"] = "http://127.0.0.1:5101/api/webex/events" });
/// await using var bot = await BotProcess.StartAgainstAsync(simulator, settings, port: 5101);
/// var asked = await simulator.As("alice@acme.test").MentionAsync(DemoOrg.AdminsRoomId, "help");
/// </code>
/// </summary>
public sealed class SimulatorProcess : ISpace, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<Func<IEnumerable<string>>> _alsoReport = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private Process? _process;
    private Uri? _address;

    private SimulatorProcess(string root, string botName)
    {
        Root = root;
        BotName = botName;
        Client = new SpaceClient(() => _address ?? throw new InvalidOperationException("The simulator is not running."),
            () => Tokens.BotToken, () => Tokens.BotToken, () => BotId, () => ChildProcess.Problems(_output).Concat(_alsoReport.SelectMany(r => r())));
    }

    /// <summary>The temp folder: <c>seed.json</c> and <c>data/</c> (the simulated org, the tokens file).</summary>
    public string Root { get; }

    public string DataDir => Path.Combine(Root, "data");

    /// <summary>What the simulator wrote to its tokens file.</summary>
    public SimulatorTokens Tokens { get; private set; } = null!;

    public string BotId => Tokens.BotPersonId;
    public string BotName { get; }
    public SpaceClient Client { get; }

    public IReadOnlyList<string> Output => _output.ToArray();

    /// <summary>Writes <paramref name="seed"/> to a new temp folder, starts the simulator on it with <paramref name="settings"/>; returns once its tokens file is written.</summary>
    public static async Task<SimulatorProcess> StartAsync(SeedDocument seed, IDictionary<string, string?>? settings = null)
    {
        var root = TempFolder.Create("simulator-");
        var simulator = new SimulatorProcess(root, seed.Bot?.DisplayName ?? "LicenseBot");
        var all = (await TempFolder.SandboxSettingsAsync(root, seed)).Overlay(settings);
        try
        {
            (simulator._process, simulator._address) = await ChildProcess.StartAsync("LicenseBot.Sandbox.dll",
                ["--urls=http://127.0.0.1:0", $"--contentRoot={root}", .. ChildProcess.LogArguments, .. all.Select(kv => $"--{kv.Key}={kv.Value}")],
                root, "Development", simulator._output);
            simulator.Tokens = await ReadTokensAsync(Path.Combine(simulator.DataDir, SandboxProgram.TokensFileName), TimeSpan.FromSeconds(30));
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
        return simulator;
    }

    /// <summary>Warnings and errors of <paramref name="problems"/> (a bot's) are shown too when a wait through <see cref="Client"/> fails.</summary>
    public void AlsoReport(Func<IEnumerable<string>> problems) => _alsoReport.Add(problems);

    /// <summary>A seeded person (by e-mail or id) who can talk, upload and click through the simulated API.</summary>
    public SpacePerson As(string emailOrId) => new(this, emailOrId);

    /// <summary><c>GET /sandbox/inspect/traffic</c>: the licence PATCHes received and the webhook deliveries made.</summary>
    public async Task<SimulatorTraffic> TrafficAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_address!, "sandbox/inspect/traffic"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.BotToken);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SimulatorTraffic>(Json))!;
    }

    private static async Task<SimulatorTokens> ReadTokensAsync(string file, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(file))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The simulator wrote no {file} within {timeout}.");
            await Task.Delay(50);
        }
        return JsonSerializer.Deserialize<SimulatorTokens>(await File.ReadAllBytesAsync(file), Json)!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        Client.Dispose();
        _http.Dispose();
        TempFolder.Delete(Root);
    }
}

/// <summary>The standalone simulator's tokens file (docs/sandbox.md, "Running it on its own").</summary>
public sealed record SimulatorTokens(string ApiBaseUrl, string OrgId, string OrgName, string BotPersonId, string BotEmail, string BotToken, string AdminToken, IReadOnlyList<string> DeliverTo);

/// <summary>The simulator's traffic record (<c>/sandbox/inspect/traffic</c>).</summary>
public sealed record SimulatorTraffic(IReadOnlyList<SimulatorTraffic.LicensePatch> LicensePatches, IReadOnlyList<SimulatorTraffic.Delivery> Deliveries)
{
    public sealed record LicensePatch(string? PersonId, int Status);

    public sealed record Delivery(string WebhookId, string Resource, string? DataId, string Target, int Attempt, int? Status, string? Error);
}
