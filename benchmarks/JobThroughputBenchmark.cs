using System.Diagnostics;
using System.Globalization;
using System.Net;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using LicenseBot.Host;
using LicenseBot.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LicenseBot.Benchmarks;

/// <summary>
/// Job throughput with no rate configured, against the sandbox's per-token limit (a fixed one-second window, <c>429</c>
/// with <c>Retry-After</c> beyond it), for limits of 20, 50 and 200 calls a second at 0 and 50 ms latency: the job runner
/// (re-check reads, journal, audit; pacing learnt by <see cref="WebexPacer"/>) next to a naive loop (one PATCH after
/// another, sleeping when told to). Each case moves everyone on a subscription: first on a fresh instance (the pace is
/// learnt during the job), then again on the same instance (what it learnt is kept). The bound is the limit.
/// <c>dotnet run -c Release --project benchmarks -- pacing [--quick] [--trace] [--limits 20,50,200] [--latencies 0,50]</c>.
/// </summary>
public static class JobThroughputBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var trace = args.Contains("--trace"); // the calls let through each tenth of a second: pauses and gaps show
        var seconds = quick ? 4 : 15;
        Console.WriteLine($"{"limit",5} | {"latency",7} | {"rows",5} | {"runner, fresh",20} | {"runner, learnt",20} | {"naive loop",20}");
        var latencies = Values(args, "--latencies") ?? [0, 50];
        var limits = Values(args, "--limits") ?? [20, 50, 200];
        foreach (var latency in latencies)
        {
            foreach (var limit in limits)
            {
                var users = limit * seconds;
                await using var host = await Host.StartAsync(users, limit, latency);
                var fresh = await host.RunJobAsync(trace);
                var learnt = await host.RunJobAsync(trace);
                var naiveRows = Math.Min(users, latency > 0 ? 100 : users); // sequential at 50 ms: about 20 a second whatever the limit
                var naive = await host.NaiveLoopAsync(naiveRows);
                Console.WriteLine($"{limit,5} | {latency,5}ms | {users,5} | {Cell(users, fresh, limit),20} | {Cell(users, learnt, limit),20} | {Cell(naiveRows, naive, limit),20}");
            }
        }
    }

    private static int[]? Values(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() : null;
    }

    private static string Cell(int rows, TimeSpan time, int limit)
    {
        var perSecond = rows / time.TotalSeconds;
        return $"{perSecond,6:0.0}/s = {perSecond / limit,4:P0}";
    }

    private sealed class Host(WebApplication app, string root, int users) : IAsyncDisposable
    {
        private bool _forward = true;

        public static async Task<Host> StartAsync(int users, int limit, int latency)
        {
            var root = Directory.CreateTempSubdirectory("licensebot-pacing-").FullName;
            var seed = Path.Combine(root, "seed.json");
            await File.WriteAllTextAsync(seed, System.Text.Json.JsonSerializer.Serialize(Seed(users), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
            var app = BotHostApp.Build([
                "--urls", "http://127.0.0.1:0", "--environment", "Development",
                "--Sandbox:DataDir", Path.Combine(root, "data"), "--Sandbox:SeedFile", seed,
                "--Sandbox:RateLimitPerSecond", limit.ToString(CultureInfo.InvariantCulture), "--Sandbox:LatencyMs", latency.ToString(CultureInfo.InvariantCulture),
                "--Jobs:PollInterval", "01:00:00", "--Logging:LogLevel:Default", "Warning",
            ]);
            await app.StartAsync();
            return new Host(app, root, users);
        }

        /// <summary>Plans "move all" (untimed; a second passes so the plan's reads leave the next window), then times the job.</summary>
        public async Task<TimeSpan> RunJobAsync(bool trace)
        {
            var (from, to) = _forward ? ("Sub-OLD", "Sub-NEW") : ("Sub-NEW", "Sub-OLD");
            _forward = !_forward;
            var reader = app.Services.GetRequiredService<OrgReader>();
            var org = await reader.ReadLicencesAsync(CancellationToken.None);
            var fromIds = org.Subscriptions.First(s => s.Id == from).Licences.Select(l => l.Id).ToList();
            var snapshot = await reader.ReadHoldersAsync(org, fromIds, null, CancellationToken.None);
            var move = SubscriptionMovePlanner.Plan(snapshot, from, to, "bench");
            var job = await app.Services.GetRequiredService<JobFactory>().CreateAsync(move.Plan!, JobKind.SubscriptionMove, "R-BENCH", null, "P-ALICE", CancellationToken.None);
            await app.Services.GetRequiredService<JobStore>().ConfirmAsync(job.Id, "P-ALICE", CancellationToken.None);
            await Task.Delay(1100);
            var pacer = app.Services.GetRequiredService<WebexPacer>();
            var (calls0, throttled0) = (pacer.Calls, pacer.Throttled);
            var started = Stopwatch.GetTimestamp();
            var samples = new List<long>();
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () => { while (!stop.IsCancellationRequested) { samples.Add(pacer.Calls); await Task.Delay(100); } });
            await app.Services.GetRequiredService<BulkJobRunner>().RunAsync(job.Id, CancellationToken.None);
            var time = Stopwatch.GetElapsedTime(started);
            stop.Cancel(); await sampler;
            if (trace) Console.Error.WriteLine("    calls a tenth of a second: " + string.Join(" ", samples.Zip(samples.Skip(1), (a, b) => b - a)));
            Console.Error.WriteLine($"    job: {time.TotalSeconds:0.00} s, {pacer.Calls - calls0} calls, {pacer.Throttled - throttled0} answered 429, pace now {pacer.Rate:0.0}/s, concurrency {pacer.Concurrency}");
            var counts = await app.Services.GetRequiredService<JobStore>().CountAsync(job.Id, CancellationToken.None);
            if (counts.Done != users) throw new InvalidOperationException($"The job did {counts.Done} of {users} rows ({counts.Failed} failed, {counts.Skipped} skipped).");
            return time;
        }

        /// <summary>What a quick script does: one PATCH after another, sleeping when told to.</summary>
        public async Task<TimeSpan> NaiveLoopAsync(int rows)
        {
            await Task.Delay(1100);
            var admin = app.Services.GetRequiredService<IWebexAdmin>();
            var (from, to) = _forward ? ("L-PRO-OLD", "L-PRO-NEW") : ("L-PRO-NEW", "L-PRO-OLD");
            _forward = !_forward;
            var started = Stopwatch.GetTimestamp();
            for (var i = 1; i <= rows; i++)
            {
                var request = new LicensePatchRequest
                {
                    PersonId = Id(i),
                    Licenses = [new(to, "add", new LicenseProperties("LOC-AMS", Phone(i), Ext(i))), new(from, "remove")],
                };
                while (true)
                {
                    try
                    {
                        await admin.PatchUserLicensesAsync(request, CancellationToken.None);
                        break;
                    }
                    catch (WebexApiException ex) when (ex.Status == HttpStatusCode.TooManyRequests)
                    {
                        await Task.Delay(ex.RetryAfter ?? TimeSpan.FromSeconds(1));
                    }
                }
            }
            return Stopwatch.GetElapsedTime(started);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static string Id(int i) => "P-U" + i.ToString("D5", CultureInfo.InvariantCulture);
    private static string Phone(int i) => "+3120" + (5_000_000 + i).ToString(CultureInfo.InvariantCulture);
    private static string Ext(int i) => (10_000 + i).ToString(CultureInfo.InvariantCulture);

    private static SeedDocument Seed(int users) => new()
    {
        Org = new SeedOrg("ORG1", "Acme BV"),
        Bot = new SeedBot("BOT1", "licensebot@webex.bot", "LicenseBot", "bot-token"),
        Subscriptions = [new("Sub-OLD", "active"), new("Sub-NEW", "active")],
        Locations = [new("LOC-AMS", "Amsterdam")],
        Licenses = [new("L-PRO-OLD", "Webex Calling - Professional", "Sub-OLD", users + 10), new("L-PRO-NEW", "Webex Calling - Professional", "Sub-NEW", users + 10)],
        People =
        [
            new SeedPerson { Id = "P-ALICE", Email = "alice@acme.test", DisplayName = "Alice", Roles = ["full_admin"], Status = "active", Token = "alice-token" },
            .. Enumerable.Range(1, users).Select(i => new SeedPerson
            {
                Id = Id(i), Email = $"user{i:D5}@acme.test", DisplayName = $"User {i}", Status = "active", Licenses = ["L-PRO-OLD"],
                Calling = new SeedCalling("LOC-AMS", Phone(i), Ext(i), new SeedVoicemail(true, true)),
            }),
        ],
        Rooms = [new("R-BENCH", "Bench", "group", ["alice@acme.test", "licensebot@webex.bot"])],
    };
}
