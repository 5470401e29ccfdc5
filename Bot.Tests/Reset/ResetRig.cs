using System.Text.Json;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Features.Reset;
using LicenseBot.Core.Journal;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;
using LicenseBot.Tests.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LicenseBot.Tests.Reset;

/// <summary>
/// The reset journal and runner over the real REST client against the Webex simulator (real HTTP), with a real
/// SQLite journal and a clock the test moves. <see cref="NewRunner"/> builds a second runner on the same journal, as a
/// host that restarts would.
/// </summary>
internal sealed class ResetRig : IAsyncDisposable
{
    public const string Erin = "erin@partner.example";
    public const string Tiny = "L-TINY";

    private readonly List<ServiceProvider> _providers = [];
    private IConfiguration _config = null!;
    private Action<IServiceCollection>? _configure;

    public required SandboxServer Server { get; init; }
    public required TestDatabase Db { get; init; }
    public ServiceProvider Services { get; private set; } = null!;
    public RecordingReporter Reports { get; } = new();

    public ExternalUsers Externals => Services.GetRequiredService<ExternalUsers>();
    public ResetJournal Journal => Services.GetRequiredService<ResetJournal>();
    public ResetRunner Runner => Services.GetRequiredService<ResetRunner>();
    public ResetInterruption Interruption => Services.GetRequiredService<ResetInterruption>();
    public IWebexAdmin Admin => Services.GetRequiredService<IWebexAdmin>();
    public IAuditLog Audit => Services.GetRequiredService<IAuditLog>();

    /// <summary>A simulator on the small demo org plus <see cref="Tiny"/> (a messaging licence with one unit).</summary>
    /// <param name="configure">Further services (for instance a handler on the real HTTP clients that records requests).</param>
    public static async Task<ResetRig> StartAsync(IDictionary<string, string?>? resetSettings = null, Action<IServiceCollection>? configure = null)
    {
        var seed = DemoOrg.Build(5);
        seed = seed with { Licenses = [.. seed.Licenses ?? [], new SeedLicense(Tiny, "Messaging", "Sub-NEW", 1)] };
        var server = await SandboxServer.StartAsync(seed);
        var rig = new ResetRig { Server = server, Db = new TestDatabase(new AuditMigrations(), new ResetMigrations()), _configure = configure };
        rig._config = SimulatorServices.Configuration(server, new Dictionary<string, string?>
        {
            ["Reset:RetryDelay"] = "00:01:00",
            ["Reset:LeaseDuration"] = "00:02:00",
        }.Overlay(resetSettings));
        rig.Services = rig.NewProvider();
        return rig;
    }

    /// <summary>A fresh runner (new owner, unarmed interruption) on the same journal and simulator: a restarted host.</summary>
    public ResetRunner NewRunner()
    {
        Services = NewProvider();
        return Runner;
    }

    /// <summary>
    /// The services as the host registers them (<c>AddWebexClients</c>, <c>AddLicensing</c>, <c>AddExternalReset</c>),
    /// after what a test replaces: those methods add with TryAdd, so the test's clock, reporter and step observer (and
    /// the simulator's facts and the test database, <see cref="SimulatorServices"/>) are kept. The rig only builds a provider, so the feature's background worker never runs.
    /// </summary>
    private ServiceProvider NewProvider()
    {
        var services = new ServiceCollection();
        _configure?.Invoke(services);
        ResetInterruption.Register(services);
        var provider = services
            .AddSingleton<TimeProvider>(Db.Time)
            .AddSingleton<IResetReporter>(Reports)
            .AddLicensingOnSimulator(Server, Db, _config)
            .AddExternalReset(_config)
            .BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Plans the reset of <paramref name="email"/> to <paramref name="licences"/> and journals it as confirmed by Alice.</summary>
    public async Task<ResetOperation> ConfirmAsync(string email, params string[] licences)
    {
        var candidate = await Externals.FindAsync(email, CancellationToken.None);
        Assert.NotNull(candidate);
        Assert.True(candidate.CanReset, $"{email} cannot be reset: {candidate.Refusal}");
        var plan = await Externals.PlanAsync(candidate.User, new EditLicencesRequest(email, DemoOrg.Ids.Person("P-ALICE"), licences, new Dictionary<string, MeetingAccountType>()), CancellationToken.None);
        Assert.False(plan.IsBlocked, string.Join("; ", plan.Violations));
        var now = Db.Time.GetUtcNow();
        var op = new ResetOperation(Guid.NewGuid().ToString("N"), plan, DemoOrg.Ids.Person("P-ALICE"), DemoOrg.AdminsRoomId, "M-THREAD", ResetState.Confirmed, 0, now, now, now, null, null, false);
        await Journal.CreateAsync(op, null, CancellationToken.None);
        return op;
    }

    public Task<WebexPerson?> FindAsync(string email) => Admin.FindPersonByEmailAsync(email, callingData: false, CancellationToken.None);

    /// <summary>A licence change made directly with the admin token (another admin, or the half of a step that went through).</summary>
    public Task PatchAsync(LicensePatchRequest request) => Admin.PatchUserLicensesAsync(request, CancellationToken.None);

    public Task<JsonElement> InspectAsync(string personId) => Server.InspectAsync(personId);

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _providers) await p.DisposeAsync();
        await Db.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>What the runner told the admin, in order.</summary>
    public sealed class RecordingReporter : IResetReporter
    {
        private readonly List<ResetReport> _reports = [];

        public IReadOnlyList<ResetReport> All
        {
            get { lock (_reports) return _reports.ToList(); }
        }

        public Task ReportAsync(ResetReport report, CancellationToken ct)
        {
            lock (_reports) _reports.Add(report);
            return Task.CompletedTask;
        }
    }
}
