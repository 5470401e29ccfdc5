using System.Globalization;
using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using LicenseBot.Host;
using LicenseBot.Host.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LicenseBot.Benchmarks;

/// <summary>
/// Moving <see cref="Users"/> users against the sandbox with <c>Sandbox:RateLimitPerSecond=50</c> (per token, fixed
/// one-second windows, <c>429 Retry-After</c> beyond it): the job runner paced just under the budget, the runner
/// unpaced (only obeying 429), and a naive sequential PATCH loop. One operation moves every user once (alternating
/// direction between iterations); rows per second = Users / mean time. The bound is 50 calls a second.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3, invocationCount: 1)]
public class JobThroughputBenchmark
{
    public const int Users = 250;
    private string _root = "";
    private WebApplication _app = null!;
    private bool _forward = true;
    private string? _jobId;

    [Params("runner paced 48/s", "runner unpaced", "naive sequential loop")]
    public string Mode { get; set; } = "";

    [GlobalSetup]
    public async Task Setup()
    {
        _root = Directory.CreateTempSubdirectory("licensebot-bench-").FullName;
        var seed = Path.Combine(_root, "seed.json");
        await File.WriteAllTextAsync(seed, System.Text.Json.JsonSerializer.Serialize(Seed(), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        _app = BotHostApp.Build([
            "--urls", "http://127.0.0.1:0", "--environment", "Development",
            "--Sandbox:DataDir", Path.Combine(_root, "data"), "--Sandbox:SeedFile", seed, "--Sandbox:RateLimitPerSecond", "50",
            "--Jobs:PollInterval", "01:00:00", "--Jobs:RequestsPerSecond", Mode.StartsWith("runner paced", StringComparison.Ordinal) ? "48" : "0",
            "--Logging:LogLevel:Default", "Warning",
        ]);
        await _app.StartAsync();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [IterationSetup]
    public void PlanIteration()
    {
        if (Mode.StartsWith("naive", StringComparison.Ordinal)) return;
        var (from, to) = _forward ? ("Sub-OLD", "Sub-NEW") : ("Sub-NEW", "Sub-OLD");
        var snapshot = _app.Services.GetRequiredService<OrgSnapshotReader>().ReadAsync(CancellationToken.None).GetAwaiter().GetResult();
        var move = SubscriptionMovePlanner.Plan(snapshot, from, to, "bench");
        var job = _app.Services.GetRequiredService<JobFactory>().CreateAsync(move.Plan!, JobKind.SubscriptionMove, "R-BENCH", null, "P-ALICE", CancellationToken.None).GetAwaiter().GetResult();
        _app.Services.GetRequiredService<JobStore>().ConfirmAsync(job.Id, "P-ALICE", CancellationToken.None).GetAwaiter().GetResult();
        _jobId = job.Id;
    }

    [Benchmark]
    public async Task MoveAll()
    {
        if (Mode.StartsWith("naive", StringComparison.Ordinal)) await NaiveLoopAsync();
        else await _app.Services.GetRequiredService<BulkJobRunner>().RunAsync(_jobId!, CancellationToken.None);
        _forward = !_forward;
    }

    /// <summary>What a quick script does: one PATCH after another, sleeping when told to.</summary>
    private async Task NaiveLoopAsync()
    {
        var admin = _app.Services.GetRequiredService<IWebexAdmin>();
        var (from, to) = _forward ? ("L-PRO-OLD", "L-PRO-NEW") : ("L-PRO-NEW", "L-PRO-OLD");
        for (var i = 1; i <= Users; i++)
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
    }

    private static string Id(int i) => "P-U" + i.ToString("D4", CultureInfo.InvariantCulture);
    private static string Phone(int i) => "+3120" + (5_000_000 + i).ToString(CultureInfo.InvariantCulture);
    private static string Ext(int i) => (3000 + i).ToString(CultureInfo.InvariantCulture);

    private static SeedDocument Seed() => new()
    {
        Org = new SeedOrg("ORG1", "Acme BV"),
        Bot = new SeedBot("BOT1", "licensebot@webex.bot", "LicenseBot", "bot-token"),
        Subscriptions = [new("Sub-OLD", "active"), new("Sub-NEW", "active")],
        Locations = [new("LOC-AMS", "Amsterdam")],
        Licenses = [new("L-PRO-OLD", "Webex Calling - Professional", "Sub-OLD", 1000), new("L-PRO-NEW", "Webex Calling - Professional", "Sub-NEW", 1000)],
        People =
        [
            new SeedPerson { Id = "P-ALICE", Email = "alice@acme.test", DisplayName = "Alice", Roles = ["full_admin"], Status = "active", Token = "alice-token" },
            .. Enumerable.Range(1, Users).Select(i => new SeedPerson
            {
                Id = Id(i), Email = $"user{i:D4}@acme.test", DisplayName = $"User {i}", Status = "active", Licenses = ["L-PRO-OLD"],
                Calling = new SeedCalling("LOC-AMS", Phone(i), Ext(i), new SeedVoicemail(true, true)),
            }),
        ],
        Rooms = [new("R-BENCH", "Bench", "group", ["alice@acme.test", "licensebot@webex.bot"])],
    };
}
