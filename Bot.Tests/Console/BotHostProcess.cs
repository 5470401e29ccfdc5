using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using LicenseBot.Host.Sandbox;

namespace LicenseBot.Tests.Console;

/// <summary>
/// BotHost as a person starts it (<c>dotnet BotHost.dll</c>, Program.cs and all) in sandbox mode on a free loopback
/// port, with a small demo org in a temp folder. Killed (this one process, by its id) and cleaned up on dispose.
/// </summary>
public sealed partial class BotHostProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions SeedJson = new(JsonSerializerDefaults.Web);
    private readonly Process process;
    private readonly string root;
    private readonly List<string> output = [];
    private readonly List<HttpClient> clients = [];

    private BotHostProcess(Process process, string root, Uri baseAddress)
    {
        this.process = process;
        this.root = root;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:{port}/</c>: the dev console is here.</summary>
    public Uri BaseAddress { get; }

    public Uri ApiBase => new(BaseAddress, "sandbox/webex/v1/");

    /// <summary>What the host logged so far (for failure messages).</summary>
    public string Log
    {
        get { lock (output) return string.Join('\n', output); }
    }

    public static async Task<BotHostProcess> StartAsync(int bulkPeople = 20)
    {
        var root = Directory.CreateTempSubdirectory("console-host-").FullName;
        var seedFile = Path.Combine(root, "seed.json");
        await File.WriteAllBytesAsync(seedFile, JsonSerializer.SerializeToUtf8Bytes(DemoOrg.Build(bulkPeople), SeedJson));

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "BotHost.dll"), "--urls", "http://127.0.0.1:0", "--contentRoot", root,
            "--Sandbox:SeedFile", seedFile, "--Sandbox:DataDir", Path.Combine(root, "data"),
        })
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Logging__Console__FormatterName"] = "simple";

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (lines) lines.Add(line);
            if (ListeningLine().Match(line) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != listening.Task)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            string log;
            lock (lines) log = string.Join('\n', lines);
            throw new InvalidOperationException($"BotHost did not start listening:\n{log}");
        }
        var host = new BotHostProcess(process, root, await listening.Task);
        lock (lines) host.output.AddRange(lines);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (host.output) host.output.Add(e.Data); };
        return host;
    }

    /// <summary>A client of the simulated Webex API acting as <paramref name="token"/>.</summary>
    public HttpClient Api(string token)
    {
        var client = new HttpClient { BaseAddress = ApiBase, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        clients.Add(client);
        return client;
    }

    /// <summary>A seeded person (or the bot) from the sandbox's identity list.</summary>
    public async Task<JsonElement> IdentityAsync(string email)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"sandbox/identities?q={Uri.EscapeDataString(email)}&max=5"));
        return doc.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("email").GetString() == email).Clone();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients) client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
