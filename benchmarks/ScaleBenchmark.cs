using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LicenseBot.Core.Csv;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Webex;
using LicenseBot.Host;
using LicenseBot.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LicenseBot.Benchmarks;

/// <summary>
/// The whole bot against the sandbox over real HTTP (<c>Sandbox:LatencyMs=50</c>), for orgs of 20,000 and 100,000
/// users generated here: every user holds Messaging [Sub-BASE]; users 1–20,000 also hold Webex Calling - Professional
/// [Sub-OLD] with a number. Each figure is printed next to its lower bound — the fewest sequential round trips the
/// work needs with the calls Webex offers, times the latency; for a job, the rows the rate limit (200 a second) lets
/// through — and the ratio. Two jobs run: the first learns the budget from its <c>429</c>s, the second starts at the pace
/// learnt. <c>dotnet run -c Release --project benchmarks -- scale [--quick] [--users 20000,100000]</c>.
/// </summary>
public static class ScaleBenchmark
{
    private const int LatencyMs = 50;
    private const int Moving = 20_000;
    private const int HoldersPerPage = 300;
    private const int PeoplePerPage = 1000;
    private const int JobRateLimit = 200;
    private const string Room = "R-BENCH";

    public static async Task RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var sizes = Value(args, "--users")?.Split(',').Select(int.Parse).ToArray() ?? (quick ? [20_000] : [20_000, 100_000]);
        var jobRows = int.Parse(Value(args, "--job-rows") ?? (quick ? "1000" : "4000"), CultureInfo.InvariantCulture);
        Console.WriteLine($"commit {Git("rev-parse --short HEAD")}, {Environment.ProcessorCount} cores, latency {LatencyMs} ms, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"{"org",8} | {"what",-28} | {"measured",10} | {"bound",10} | ratio");
        foreach (var users in sizes) await RunOrgAsync(users, jobRows);
    }

    private static async Task RunOrgAsync(int users, int jobRows)
    {
        var root = Directory.CreateTempSubdirectory("licensebot-scale-").FullName;
        try
        {
            var seedPath = Path.Combine(root, "seed.json");
            await using (var seedFile = File.Create(seedPath))
                await JsonSerializer.SerializeAsync(seedFile, Seed(users), new JsonSerializerOptions(JsonSerializerDefaults.Web));
            var app = BotHostApp.Build([
                "--urls", "http://127.0.0.1:0", "--environment", "Development",
                "--Sandbox:DataDir", Path.Combine(root, "data"), "--Sandbox:SeedFile", seedPath,
                "--Sandbox:LatencyMs", LatencyMs.ToString(CultureInfo.InvariantCulture),
                "--Jobs:PollInterval", "01:00:00", "--Logging:LogLevel:Default", "Warning",
            ]);
            await app.StartAsync();
            try
            {
                var bench = new OrgBench(app, users);
                await bench.WarmUpAsync();
                await bench.MeasureAsync(jobRows);
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

    private sealed class OrgBench(WebApplication app, int users)
    {
        private readonly SandboxState _state = app.Services.GetRequiredService<SandboxState>();
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(10) };
        private string Api => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + SandboxHosting.ApiBasePath;
        private int Concurrency => app.Services.GetRequiredService<IOptions<WebexOptions>>().Value.MaxConcurrency;

        /// <summary>Round trips every command costs before its own reads: the admin's post, the bot fetching it, the answer.</summary>
        private const int CommandTrips = 3;

        public async Task WarmUpAsync()
        {
            // The bot registers its webhooks once it listens: a message posted before that would never reach it.
            var bot = _state.Authenticate(_state.BotToken)!;
            while (_state.ListWebhooks(bot).Count < 2) await Task.Delay(20);
            // First turn of the process: JIT, the admin's access check and name, connection pools.
            await PlanCsvTimedAsync("warm.csv", [1, 2]);
        }

        /// <summary>Upload → plan card; then waits (untimed) for the plan file, so the next command starts on a quiet bot.</summary>
        private async Task<TimeSpan> PlanCsvTimedAsync(string name, IReadOnlyList<int> rows)
        {
            var thread = "";
            var time = await TimeAsync(async () => thread = await PlanCsvAsync(name, rows));
            await WaitForAsync(thread, m => m.FileIds.Count > 0);
            return time;
        }

        public async Task MeasureAsync(int jobRows)
        {
            var maxHolders = users; // Messaging [Sub-BASE] is held by everyone
            var holderDepth = Pages(maxHolders, HoldersPerPage);

            // export: people pages (1,000 a page) and every licence's holder pages at once; +1 for the licences.
            var export = await TimeAsync(() => CommandAsync("export", m => m.FileIds.Count > 0));
            Report("export", export, CommandTrips + 1 + Math.Max(Pages(users, PeoplePerPage), holderDepth));

            // 20,000-row CSV: + download, licences; then holder pages with id batches alongside (+1 for the last batch),
            // or a look-up per user, Concurrency at a time — whichever is shorter.
            var all = Enumerable.Range(1, Moving).ToList();
            var big = await PlanCsvTimedAsync("big.csv", all);
            Report($"{Moving:N0}-row CSV → plan card", big, CommandTrips + 2 + Math.Min(holderDepth + 1, Pages(Moving, Concurrency)));

            var ten = Enumerable.Range(1, 10).Select(i => i * (Moving / 10)).ToList();
            var small = await PlanCsvTimedAsync("ten.csv", ten);
            Report("10-row CSV → plan card", small, CommandTrips + 2 + 1);

            // move all: licences; every licence's holder pages (a plan needs each user's whole set) with A's holders'
            // calling data by id alongside (+1 for the last batch).
            var moveThread = "";
            var move = await TimeAsync(async () => moveThread = await CommandAsync("move all from Sub-OLD to Sub-NEW", m => m.Attachments is { Count: > 0 }));
            await WaitForAsync(moveThread, m => m.FileIds.Count > 0); // the plan file, before the next command
            Report("move all → plan card", move, CommandTrips + 1 + Math.Min(holderDepth + 1, Pages(Moving, HoldersPerPage) + Pages(Moving, Concurrency)));

            // The first job learns Webex's budget from its own 429s; the next starts at the pace it learnt (as a restarted
            // instance does, from the bot's database).
            await JobAsync(1, jobRows, "fresh");
            await JobAsync(jobRows + 1, jobRows, "learnt");
        }

        private async Task JobAsync(int first, int rows, string pace)
        {
            var sandbox = app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;
            var reader = app.Services.GetRequiredService<OrgReader>();
            var csv = Encoding.UTF8.GetBytes(MoveFile(Enumerable.Range(first, rows)));
            var plan = await CsvPlanner.ReadAndPlanAsync(reader, new MemoryStream(csv), new CsvLimits(CsvLimits.ControlHubMaxRows, 64 * 1024 * 1024), "bench", null, CancellationToken.None);
            var job = await app.Services.GetRequiredService<JobFactory>().CreateAsync(plan, JobKind.CsvMove, Room, null, "P-ALICE", CancellationToken.None);
            await app.Services.GetRequiredService<JobStore>().ConfirmAsync(job.Id, "P-ALICE", CancellationToken.None);
            sandbox.RateLimitPerSecond = JobRateLimit;
            try
            {
                var time = await TimeAsync(() => app.Services.GetRequiredService<BulkJobRunner>().RunAsync(job.Id, CancellationToken.None));
                var counts = await app.Services.GetRequiredService<JobStore>().CountAsync(job.Id, CancellationToken.None);
                var perSecond = counts.Done / time.TotalSeconds;
                Console.WriteLine($"{users,8:N0} | {$"job {rows:N0} rows, {pace}",-28} | {perSecond,8:N1}/s | {JobRateLimit,8}/s | {JobRateLimit / perSecond:0.00}   ({counts.Done:N0} done, {counts.Failed} failed, {counts.Skipped} skipped, {time.TotalSeconds:0.0} s, RSS {Environment.WorkingSet / (1024 * 1024):N0} MB)");
            }
            finally
            {
                sandbox.RateLimitPerSecond = 0;
            }
        }

        private void Report(string what, TimeSpan measured, int trips)
        {
            var bound = TimeSpan.FromMilliseconds(trips * LatencyMs);
            Console.WriteLine($"{users,8:N0} | {what,-28} | {measured.TotalSeconds,8:0.00} s | {bound.TotalSeconds,8:0.00} s | {measured / bound:0.00}   ({trips} round trips; RSS {Environment.WorkingSet / (1024 * 1024):N0} MB)");
        }

        private async Task<string> PlanCsvAsync(string name, IReadOnlyList<int> rows)
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent(Room), "roomId" },
                { new StringContent($"<@personId:{_state.BotId}|LicenseBot> plan"), "markdown" },
            };
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(MoveFile(rows)));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "files", name);
            var thread = await PostAsync(form);
            await WaitForAsync(thread, m => m.Attachments is { Count: > 0 });
            return thread;
        }

        private async Task<string> CommandAsync(string text, Func<SimMessage, bool> done)
        {
            var body = JsonContent(new { roomId = Room, markdown = $"<@personId:{_state.BotId}|LicenseBot> {text}" });
            var thread = await PostAsync(body);
            await WaitForAsync(thread, done);
            return thread;
        }

        private async Task<string> PostAsync(HttpContent content)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Api + "/messages") { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "alice-token");
            using var response = await _http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("id").GetString()!;
        }

        /// <summary>Watches the simulated org itself (not the API) for the bot's answer in the thread, every 2 ms.</summary>
        private async Task WaitForAsync(string thread, Func<SimMessage, bool> done)
        {
            var bot = _state.Authenticate(_state.BotToken)!;
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
            while (DateTime.UtcNow < deadline)
            {
                if (_state.ListMessages(bot, Room, 20, null, null, thread, null).Any(m => m.PersonId == _state.BotId && done(m))) return;
                await Task.Delay(2);
            }
            throw new TimeoutException($"No answer in thread {thread}.");
        }

        private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
    }

    private static int Pages(int items, int perPage) => Math.Max(1, (items + perPage - 1) / perPage);

    private static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var started = Stopwatch.GetTimestamp();
        await work();
        return Stopwatch.GetElapsedTime(started);
    }

    private static string Email(int i) => $"user{i.ToString("D6", CultureInfo.InvariantCulture)}@acme.test";

    private static string MoveFile(IEnumerable<int> users)
    {
        var text = new StringBuilder("User ID/Email (Required),Webex Calling - Professional [Sub-OLD],Webex Calling - Professional [Sub-NEW]\r\n");
        foreach (var i in users) text.Append(Email(i)).Append(",FALSE,TRUE\r\n");
        return text.ToString();
    }

    private static SeedDocument Seed(int users) => new()
    {
        Org = new SeedOrg("ORG1", "Acme BV"),
        Bot = new SeedBot("BOT1", "licensebot@webex.bot", "LicenseBot", "bot-token"),
        Subscriptions = [new("Sub-BASE", "active"), new("Sub-OLD", "active"), new("Sub-NEW", "active")],
        Locations = [new("LOC-AMS", "Amsterdam")],
        Licenses =
        [
            new("L-MSG-BASE", "Messaging", "Sub-BASE", users + 10),
            new("L-PRO-OLD", "Webex Calling - Professional", "Sub-OLD", Moving + 10),
            new("L-PRO-NEW", "Webex Calling - Professional", "Sub-NEW", Moving + 10),
        ],
        People =
        [
            new SeedPerson { Id = "P-ALICE", Email = "alice@acme.test", DisplayName = "Alice Admin", Roles = ["full_admin"], Status = "active", Token = "alice-token", Licenses = ["L-MSG-BASE"] },
            .. Enumerable.Range(1, users).Select(i => new SeedPerson
            {
                Id = "P-U" + i.ToString("D6", CultureInfo.InvariantCulture), Email = Email(i), DisplayName = $"User {i}", FirstName = "User",
                LastName = i.ToString(CultureInfo.InvariantCulture), Status = "active",
                Licenses = i <= Moving ? ["L-MSG-BASE", "L-PRO-OLD"] : ["L-MSG-BASE"],
                Calling = i <= Moving ? new SeedCalling("LOC-AMS", "+3120" + (5_000_000 + i).ToString(CultureInfo.InvariantCulture), (100_000 + i).ToString(CultureInfo.InvariantCulture), new SeedVoicemail(true, true)) : null,
            }),
        ],
        Rooms = [new(Room, "Bench", "group", ["alice@acme.test", "licensebot@webex.bot"])],
    };

    private static string? Value(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

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
