using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LicenseBot.Benchmarks.Legacy;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Diagnostics;
using LicenseBot.Core.Inbox;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Websocket;
using LicenseBot.Host;
using LicenseBot.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LicenseBot.Benchmarks;

/// <summary>
/// A burst of signed webhook deliveries over loopback HTTP to the real endpoint (<c>POST /api/webex/events</c>) of the whole
/// bot in sandbox mode (SQLite, its default): <c>--deliveries</c> (5,000) messages that each ask for <c>help</c>, spread over
/// <c>--spaces</c> (50) spaces, <c>--concurrency</c> (16) deliveries in flight. Per path: deliveries shed (503), the time to
/// the acknowledgement (p50, p99, max), and the time from the first delivery until every stored command is answered (turns
/// counted by <c>licensebot.events.handled</c>, outcome ok). Run twice in one process, on fresh data folders: the old
/// in-memory queue (<see cref="LegacyQueueIntake"/>, the code of commit 6789019 registered in place of the intake) and the
/// durable inbox. <c>dotnet run -c Release --project benchmarks -- inbox [--deliveries 5000] [--concurrency 16] [--spaces 50]</c>
/// </summary>
public static class InboxBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var deliveries = Int(args, "--deliveries", 5000);
        var concurrency = Int(args, "--concurrency", 16);
        var spaces = Int(args, "--spaces", 50);
        Console.WriteLine($"commit {Git("rev-parse --short HEAD")}{(Git("status --porcelain --untracked-files=no").Length > 0 ? "+changes" : "")}, " +
                          $"{Environment.ProcessorCount} cores, load {Load()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {deliveries:N0} deliveries, {concurrency} at a time, {spaces} spaces");
        var results = new List<(string Path, Result Result)>();
        foreach (var legacy in new[] { true, false })
        {
            var name = legacy ? "in-memory queue (6789019)" : "durable inbox";
            var result = await RunOnceAsync(legacy, deliveries, concurrency, spaces);
            results.Add((name, result));
            Console.WriteLine($"  {name}: done (load {Load()})");
        }

        Console.WriteLine();
        Console.WriteLine($"| {"path",-26} | {"shed (503)",10} | {"ack p50",8} | {"ack p99",8} | {"ack max",8} | {"answered",13} | {"all answered after",18} | inbox writes |");
        Console.WriteLine($"|{new string('-', 28)}|{new string('-', 12)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 15)}|{new string('-', 20)}|--------------|");
        foreach (var (path, r) in results)
        {
            Console.WriteLine($"| {path,-26} | {r.Shed,10:N0} | {Ms(r.P50),8} | {Ms(r.P99),8} | {Ms(r.Max),8} | {$"{r.Answered:N0} of {deliveries:N0}",13} | {r.AllAnswered.TotalSeconds,16:0.0} s | {r.Commits} |");
        }
    }

    private sealed record Result(int Shed, TimeSpan P50, TimeSpan P99, TimeSpan Max, long Answered, TimeSpan AllAnswered, string Commits);

    private static async Task<Result> RunOnceAsync(bool legacy, int deliveries, int concurrency, int spaceCount)
    {
        var root = Directory.CreateTempSubdirectory("licensebot-inbox-").FullName;
        try
        {
            var seed = DemoOrg.Build();
            var spaces = Enumerable.Range(0, spaceCount).Select(i => $"R-BENCH-{i:D2}").ToList();
            seed = seed with { Rooms = [.. seed.Rooms ?? [], .. spaces.Select(id => new SeedRoom(id, "Bench " + id[^2..], "group", ["alice@acme.test", DemoOrg.BotEmail]))] };
            var seedPath = Path.Combine(root, "seed.json");
            await File.WriteAllBytesAsync(seedPath, JsonSerializer.SerializeToUtf8Bytes(seed, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            var app = BotHostApp.Build([
                "--urls", "http://127.0.0.1:0", "--environment", "Development",
                "--Sandbox:DataDir", Path.Combine(root, "data"), "--Sandbox:SeedFile", seedPath,
                "--Logging:LogLevel:Default", "Error",
            ], builder =>
            {
                if (legacy) builder.Services.AddSingleton<IWebexEventSink, LegacyQueueIntake>();
            });
            await app.StartAsync();
            try
            {
                return await MeasureAsync(app, legacy, spaces, deliveries, concurrency);
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<Result> MeasureAsync(WebApplication app, bool legacy, List<string> spaces, int deliveries, int concurrency)
    {
        var state = app.Services.GetRequiredService<SandboxState>();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var bot = state.Authenticate(state.BotToken)!;
        while (state.ListWebhooks(bot).Count < 2) await Task.Delay(20);
        var secret = await app.Services.GetRequiredService<WebhookSecretProvider>().GetAsync(CancellationToken.None);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromMinutes(5) };

        // The admin's messages, not mentioning the bot (so the simulator sends no webhook of its own): our deliveries bring them.
        var messages = new string[deliveries];
        await Parallel.ForEachAsync(Enumerable.Range(0, deliveries), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, address + SandboxHosting.ApiBasePath + "/messages")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { roomId = spaces[i % spaces.Count], markdown = "help" }), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "alice-token");
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            messages[i] = json.RootElement.GetProperty("id").GetString()!;
        });

        // Warm-up (JIT, connections): deliveries of messages that do not exist — their turns end at the 404.
        await SendAllAsync(http, address, secret, Enumerable.Range(0, 200).Select(i => ($"WARM-{i}", spaces[i % spaces.Count])).ToList(), concurrency);
        await Task.Delay(2000);

        long answered = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Telemetry.Name && instrument.Name == "licensebot.events.handled") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == Telemetry.Tags.Outcome && "ok".Equals(tag.Value)) Interlocked.Add(ref answered, value);
        });
        listener.Start();
        var inbox = app.Services.GetRequiredService<EventInbox>();
        var commitsBefore = inbox.Commits;

        var started = Stopwatch.GetTimestamp();
        var (acks, shed) = await SendAllAsync(http, address, secret, messages.Select((id, i) => (id, spaces[i % spaces.Count])).ToList(), concurrency);
        var stored = deliveries - shed;
        while (Interlocked.Read(ref answered) < stored && Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(15)) await Task.Delay(5);
        var allAnswered = Stopwatch.GetElapsedTime(started);
        await Task.Delay(1000); // a turn answered twice would show now
        var commitsAfter = inbox.Commits;

        acks.Sort();
        var commits = legacy ? "–" : $"{commitsAfter.Events - commitsBefore.Events:N0} writes in {commitsAfter.Batches - commitsBefore.Batches:N0} commits, longest {inbox.LongestCommit.TotalMilliseconds:0} ms";
        return new Result(shed, acks[acks.Count / 2], acks[(int)Math.Ceiling(acks.Count * 0.99) - 1], acks[^1], Interlocked.Read(ref answered), allAnswered, commits);
    }

    /// <summary>Every delivery once, <paramref name="concurrency"/> at a time; the ack time of each and how many were answered 503.</summary>
    private static async Task<(List<TimeSpan> Acks, int Shed)> SendAllAsync(HttpClient http, string address, string secret, IReadOnlyList<(string MessageId, string Space)> events, int concurrency)
    {
        var acks = new ConcurrentBag<TimeSpan>();
        var shed = 0;
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (e, ct) =>
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                id = "WH-BENCH",
                name = "LicenseBot messages",
                resource = "messages",
                @event = "created",
                data = new { id = e.MessageId, roomId = e.Space, roomType = "group", personId = DemoOrg.Ids.Person("P-ALICE"), personEmail = "alice@acme.test" },
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, address + "/api/webex/events") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Compute(secret, body));
            var start = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, ct);
            acks.Add(Stopwatch.GetElapsedTime(start));
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable) Interlocked.Increment(ref shed);
            else if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Delivery answered {(int)response.StatusCode}.");
        });
        return ([.. acks], shed);
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString(t.TotalMilliseconds < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";

    private static int Int(string[] args, string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string Load()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string Git(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "(unknown)";
        }
    }
}
