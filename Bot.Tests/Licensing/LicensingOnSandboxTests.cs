using System.Text.Json;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Applying;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;
using LicenseBot.Tests.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace LicenseBot.Tests.Licensing;

/// <summary>The licensing service over the real REST client against the Webex simulator: real HTTP, no mocks.</summary>
public sealed class LicensingOnSandboxTests
{
    private static readonly Dictionary<string, MeetingAccountType> NoTypes = [];

    private sealed class Rig : IAsyncDisposable
    {
        public required SandboxServer Server { get; init; }
        public required TestDatabase Db { get; init; }
        public required ServiceProvider Services { get; init; }
        public ILicensingService Licensing => Services.GetRequiredService<ILicensingService>();
        public IAuditLog Audit => Services.GetRequiredService<IAuditLog>();

        public Task<JsonElement> InspectAsync(string personId) => Server.InspectAsync(personId);

        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await Db.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    private static async Task<Rig> StartAsync(IDictionary<string, string?>? sandboxSettings = null, SeedDocument? seed = null)
    {
        var server = await SandboxServer.StartAsync(seed ?? SandboxServer.SmallDemo(5), sandboxSettings);
        var db = new TestDatabase(new AuditMigrations());
        var services = new ServiceCollection()
            .AddLicensingOnSimulator(server, db, SimulatorServices.Configuration(server))
            .BuildServiceProvider();
        return new Rig { Server = server, Db = db, Services = services };
    }

    [Fact]
    public async Task Move_from_sub_old_to_sub_new_keeps_number_extension_and_voicemail()
    {
        await using var rig = await StartAsync();
        var before = (await rig.InspectAsync(DemoOrg.Ids.Person("P-BOB"))).GetProperty("calling").GetRawText();

        var plan = await rig.Licensing.PlanAsync(new MoveLicenceRequest("bob@acme.test", DemoOrg.Ids.Person("P-ALICE"), DemoOrg.Ids.Licence("L-CALL-PRO-NEW")), CancellationToken.None);
        Assert.False(plan.IsBlocked, string.Join("; ", plan.Violations));
        var result = await rig.Licensing.ApplyAsync(plan, DemoOrg.Ids.Person("P-ALICE"), CancellationToken.None);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        var after = await rig.InspectAsync(DemoOrg.Ids.Person("P-BOB"));
        Assert.Equal(before, after.GetProperty("calling").GetRawText());
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), DemoOrg.Ids.Licence("L-MSG-OLD") }.Order(), after.GetProperty("licenses").EnumerateArray().Select(l => l.GetProperty("id").GetString()).Order());
        var entry = Assert.Single(await rig.Audit.LatestAsync("bob@acme.test", 5, CancellationToken.None));
        Assert.Equal(("Applied", DemoOrg.Ids.Person("P-ALICE")), (entry.Outcome, entry.ConfirmedBy));
        Assert.NotNull(entry.TrackingId);
    }

    [Fact]
    public async Task A_stale_plan_is_refused_and_the_other_change_is_kept()
    {
        await using var rig = await StartAsync();
        var plan = await rig.Licensing.PlanAsync(new MoveLicenceRequest("bob@acme.test", DemoOrg.Ids.Person("P-ALICE"), DemoOrg.Ids.Licence("L-CALL-PRO-NEW")), CancellationToken.None);
        var meanwhile = await rig.Licensing.PlanAsync(new MoveLicenceRequest("bob@acme.test", DemoOrg.Ids.Person("P-ALICE"), DemoOrg.Ids.Licence("L-MSG-NEW")), CancellationToken.None);
        Assert.Equal(ApplyOutcome.Applied, (await rig.Licensing.ApplyAsync(meanwhile, DemoOrg.Ids.Person("P-ALICE"), CancellationToken.None)).Outcome);

        var result = await rig.Licensing.ApplyAsync(plan, DemoOrg.Ids.Person("P-ALICE"), CancellationToken.None);

        Assert.Equal(ApplyOutcome.Stale, result.Outcome);
        var licences = (await rig.InspectAsync(DemoOrg.Ids.Person("P-BOB"))).GetProperty("licenses").EnumerateArray().Select(l => l.GetProperty("id").GetString()).Order();
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-NEW") }.Order(), licences);
    }

    [Fact]
    public async Task A_206_is_a_partial_failure_naming_the_licence_that_did_not_apply()
    {
        await using var rig = await StartAsync(new Dictionary<string, string?> { ["Sandbox:PartialRate"] = "1" });
        var plan = await rig.Licensing.PlanAsync(new MoveLicenceRequest("bob@acme.test", DemoOrg.Ids.Person("P-ALICE"), DemoOrg.Ids.Licence("L-CALL-PRO-NEW")), CancellationToken.None);

        var result = await rig.Licensing.ApplyAsync(plan, DemoOrg.Ids.Person("P-ALICE"), CancellationToken.None);

        Assert.Equal(ApplyOutcome.Partial, result.Outcome);
        Assert.Equal(206, result.HttpStatus);
        var failed = Assert.Single(result.Failed);
        Assert.Equal((DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), LicenceOperation.Remove), (failed.Licence.Id, failed.Operation));
        // Adds go first, so even a partial move leaves the user with a calling licence and their data.
        Assert.False(result.LeftWithoutCalling);
        Assert.Equal("+31201000002", (await rig.InspectAsync(DemoOrg.Ids.Person("P-BOB"))).GetProperty("calling").GetProperty("phoneNumber").GetString());
    }

    [Fact]
    public async Task The_client_reads_every_person_with_calling_data_following_opaque_links_100_a_page()
    {
        await using var rig = await StartAsync(seed: SandboxServer.SmallDemo(250));
        var admin = rig.Services.GetRequiredService<IWebexAdmin>();
        var people = await admin.ListPeopleAsync(callingData: true, CancellationToken.None).ToListAsync();
        Assert.Equal(11 + 250, people.Select(p => p.Id).Distinct().Count()); // three pages of at most 100, each found through the Link header
        Assert.Contains(people, p => p.Id == DemoOrg.Ids.Person("P-BOB") && p.LocationId == DemoOrg.Ids.Location("LOC-AMS"));
    }

    [Fact]
    public async Task A_unit_taken_between_plan_and_confirm_is_refused_by_webex_and_read_to_the_admin_as_R7()
    {
        var seed = SandboxServer.SmallDemo(5);
        seed = seed with { Licenses = seed.Licenses!.Select(l => l.Id == DemoOrg.Ids.Licence("L-AC-NEW") ? l with { TotalUnits = 1 } : l).ToList() };
        await using var rig = await StartAsync(seed: seed);
        var plan = await rig.Licensing.PlanAsync(new EditLicencesRequest("bob@acme.test", DemoOrg.Ids.Person("P-ALICE"),
            [DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD"), DemoOrg.Ids.Licence("L-AC-NEW")], NoTypes), CancellationToken.None);
        Assert.False(plan.IsBlocked); // one free unit when planned

        // Meanwhile someone else takes the last unit (Carol, who holds Calling Professional).
        var other = await rig.Licensing.PlanAsync(new EditLicencesRequest("carol@acme.test", DemoOrg.Ids.Person("P-ALICE"),
            [DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-AC-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD"), DemoOrg.Ids.Licence("L-AC-NEW")], NoTypes), CancellationToken.None);
        Assert.Equal(ApplyOutcome.Applied, (await rig.Licensing.ApplyAsync(other, DemoOrg.Ids.Person("P-ALICE"), CancellationToken.None)).Outcome);

        var result = await rig.Licensing.ApplyAsync(plan, DemoOrg.Ids.Person("P-ALICE"), CancellationToken.None);
        Assert.Equal(ApplyOutcome.Refused, result.Outcome);
        var finding = Assert.Single(result.WebexFindings);
        Assert.Equal("R7", finding.RuleId);
        Assert.Contains("no free unit", finding.Text.In(BotLanguage.English));
        Assert.DoesNotContain(DemoOrg.Ids.Licence("L-AC-NEW"), finding.Text.In(BotLanguage.English));
    }

    [Fact]
    public async Task Removing_calling_alone_erases_calling_data_only_when_applied()
    {
        await using var rig = await StartAsync();
        var plan = await rig.Licensing.PlanAsync(new EditLicencesRequest("bob@acme.test", DemoOrg.Ids.Person("P-ALICE"), [DemoOrg.Ids.Licence("L-MSG-OLD")], NoTypes), CancellationToken.None);
        Assert.True(plan.RemovesCallingWithoutReplacement);
        Assert.Equal(JsonValueKind.Object, (await rig.InspectAsync(DemoOrg.Ids.Person("P-BOB"))).GetProperty("calling").ValueKind);

        Assert.Equal(ApplyOutcome.Applied, (await rig.Licensing.ApplyAsync(plan, DemoOrg.Ids.Person("P-ALICE"), CancellationToken.None)).Outcome);
        Assert.Equal(JsonValueKind.Null, (await rig.InspectAsync(DemoOrg.Ids.Person("P-BOB"))).GetProperty("calling").ValueKind);
    }

    [Theory]
    [InlineData("carol@acme.test", new[] { "L-CALL-BASIC-NEW", "L-AC-OLD", "L-MSG-OLD" }, "R2")]
    [InlineData("cathy@acme.test", new[] { "L-CALL-STD-OLD", "L-CXE-OLD", "L-MSG-OLD" }, "R3")]
    [InlineData("bob@acme.test", new[] { "L-CALL-PRO-OLD", "L-CALL-PRO-NEW", "L-MSG-OLD" }, "R1")]
    [InlineData("bob@acme.test", new[] { "L-CALL-STD-NEW", "L-MSG-OLD" }, "R12")]
    [InlineData("sam@acme.test", new[] { "L-CALL-PRO-SUSP", "L-MSG-SUSP", "L-MTG-SUSP" }, "400000")]
    public async Task Rule_violations_are_found_before_anything_is_sent(string email, string[] licenceKeys, string rule)
    {
        var licences = licenceKeys.Select(k => k == "L-MTG-SUSP" ? k : DemoOrg.Ids.Licence(k)).ToArray(); // L-MTG-SUSP: a licence the org does not have
        await using var rig = await StartAsync();
        var plan = await rig.Licensing.PlanAsync(new EditLicencesRequest(email, DemoOrg.Ids.Person("P-ALICE"), licences, NoTypes), CancellationToken.None);
        Assert.True(plan.IsBlocked);
        Assert.Contains(plan.Violations, v => v.RuleId == rule);
    }

    [Fact]
    public async Task R4_attendee_is_refused_where_the_site_has_no_attendee_accounts_or_for_its_site_admin()
    {
        await using var rig = await StartAsync();
        var noFeature = await rig.Licensing.PlanAsync(new EditLicencesRequest("nora@acme.test", DemoOrg.Ids.Person("P-ALICE"), [DemoOrg.Ids.Licence("L-MSG-OLD"), DemoOrg.Ids.Licence("L-MTG-OLD")],
            new Dictionary<string, MeetingAccountType> { ["acme-events.webex.com"] = MeetingAccountType.Attendee }), CancellationToken.None);
        Assert.Contains(noFeature.Violations, v => v.RuleId == "R4" && v.Text.In(BotLanguage.English).Contains("acme-events.webex.com"));

        var siteAdmin = await rig.Licensing.PlanAsync(new EditLicencesRequest("alice@acme.test", DemoOrg.Ids.Person("P-ALICE"), [DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), DemoOrg.Ids.Licence("L-MSG-OLD")],
            new Dictionary<string, MeetingAccountType> { ["acme.webex.com"] = MeetingAccountType.Attendee }), CancellationToken.None);
        Assert.Contains(siteAdmin.Violations, v => v.RuleId == "R4" && v.Text.In(BotLanguage.English).Contains("administers"));
    }

    [Fact]
    public async Task R6_a_suspended_subscription_licence_cannot_be_added()
    {
        await using var rig = await StartAsync();
        var plan = await rig.Licensing.PlanAsync(new MoveLicenceRequest("bob@acme.test", DemoOrg.Ids.Person("P-ALICE"), DemoOrg.Ids.Licence("L-CALL-PRO-SUSP")), CancellationToken.None);
        Assert.Contains(plan.Violations, v => v.RuleId == "R6");
    }
}
