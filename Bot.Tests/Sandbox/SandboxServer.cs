using System.Net;
using System.Net.Http.Headers;
using LicenseBot.Tests.Harness;
using System.Text.Json;
using LicenseBot.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LicenseBot.Tests.Sandbox;

/// <summary>
/// A running Webex simulator and nothing else: a WebApplication on Kestrel at <c>http://127.0.0.1:{free port}</c>,
/// with a given seed, data folder and <c>Sandbox:*</c> settings. Hands out HttpClients acting as a token.
/// Reusable by other test areas (the end-to-end harness).
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsRoot;
    private readonly List<HttpClient> _clients = [];

    private SandboxServer(WebApplication app, string root, string dataDir, string seedFile, bool ownsRoot)
    {
        _app = app;
        Root = root;
        DataDir = dataDir;
        SeedFile = seedFile;
        _ownsRoot = ownsRoot;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        ApiBase = new Uri(BaseAddress, SandboxHosting.ApiBasePath.TrimStart('/') + "/");
    }

    /// <summary>The temp folder (content root) of this server.</summary>
    public string Root { get; }
    public string DataDir { get; }
    public string SeedFile { get; }

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary><c>http://127.0.0.1:{port}/sandbox/webex/v1/</c> (ends with a slash: use relative paths like <c>people/me</c>).</summary>
    public Uri ApiBase { get; }

    public IServiceProvider Services => _app.Services;
    public ISandboxAccess Access => _app.Services.GetRequiredService<ISandboxAccess>();

    /// <summary>A small demo org (the named people plus <paramref name="bulkPeople"/> ordinary ones).</summary>
    public static SeedDocument SmallDemo(int bulkPeople = 20) => DemoOrg.Build(bulkPeople);

    /// <summary>
    /// Starts a simulator (<paramref name="services"/> may replace services first, e.g. a FakeTimeProvider). <paramref name="seed"/> defaults to <see cref="SmallDemo"/>; <paramref name="root"/> (content
    /// root, holding <c>data/sandbox</c> unless a DataDir is set) defaults to a new temp folder, deleted on dispose.
    /// </summary>
    public static async Task<SandboxServer> StartAsync(
        SeedDocument? seed = null, IDictionary<string, string?>? settings = null, string? root = null, Action<IServiceCollection>? services = null)
    {
        var ownsRoot = root is null;
        root ??= TempFolder.Create("sandbox-test-");
        Directory.CreateDirectory(root);
        var seedFile = settings?.TryGetValue("Sandbox:SeedFile", out var given) == true && given is not null
            ? given
            : await TempFolder.WriteSeedAsync(root, seed ?? SmallDemo());

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root, EnvironmentName = "Development" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var config = new Dictionary<string, string?> { ["Sandbox:SeedFile"] = seedFile, ["Sandbox:RandomSeed"] = "12345" }.Overlay(settings);
        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.AddWebexSandbox();
        var app = builder.Build();
        app.MapWebexSandbox();
        await app.StartAsync();
        var dataDir = app.Services.GetRequiredService<ISandboxAccess>().DataDirectory;
        return new SandboxServer(app, root, dataDir, seedFile, ownsRoot);
    }

    /// <summary>An HttpClient on <see cref="ApiBase"/> sending <c>Authorization: Bearer {token}</c> (none when null).</summary>
    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = ApiBase, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _clients.Add(client);
        return client;
    }

    /// <summary><c>GET /sandbox/inspect/people/{id}</c> as Alice: the simulator's full record of a person, calling data included.</summary>
    public async Task<JsonElement> InspectAsync(string personId)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", "alice-token");
        return JsonDocument.Parse(await http.GetStringAsync($"sandbox/inspect/people/{personId}")).RootElement.Clone();
    }

    /// <summary>Stops the host (its state stays in <see cref="DataDir"/>) without deleting the folder — for restart tests.</summary>
    public async Task StopAsync()
    {
        foreach (var c in _clients) c.Dispose();
        _clients.Clear();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (ObjectDisposedException)
        {
        }

        if (_ownsRoot) TempFolder.Delete(Root);
    }
}
