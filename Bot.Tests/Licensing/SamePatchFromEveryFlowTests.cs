using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Webex;
using System.Text.Json;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Journal;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Applying;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Tests.Reset;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Licensing;

/// <summary>
/// The edit flow, a bulk row and the reset send the very same <c>PATCH /licenses/users</c> body for the same change:
/// each flow runs for real against its own fresh simulator, and a handler on the real HTTP client records what goes
/// over the wire.
/// </summary>
public sealed class SamePatchFromEveryFlowTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The bodies of every licence PATCH the real Webex client sent, in order.</summary>
    private sealed class PatchRecorder
    {
        public List<string> Bodies { get; } = [];
    }

    private static async Task<(ResetRig Rig, PatchRecorder Recorder)> StartAsync()
    {
        var recorder = new PatchRecorder();
        var rig = await ResetRig.StartAsync(configure: services =>
            services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new RecordingHandler(recorder))));
        return (rig, recorder);
    }

    /// <summary>A fresh handler per client pipeline (a handler instance serves one pipeline), writing into one recorder.</summary>
    private sealed class RecordingHandler(PatchRecorder into) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.Method == HttpMethod.Patch && request.RequestUri!.AbsolutePath.EndsWith("/licenses/users", StringComparison.Ordinal))
            {
                var body = await request.Content!.ReadAsStringAsync(ct);
                lock (into.Bodies) into.Bodies.Add(body);
            }
            return await base.SendAsync(request, ct);
        }
    }

    private static async Task<string> EditAsync(string email, params string[] licences)
    {
        var (rig, recorder) = await StartAsync();
        await using var _ = rig;
        var licensing = rig.Services.GetRequiredService<ILicensingService>();
        var plan = await licensing.PlanAsync(new EditLicencesRequest(email, DemoOrg.Ids.Person("P-ALICE"), licences, new Dictionary<string, MeetingAccountType>()), None);
        Assert.False(plan.IsBlocked, string.Join("; ", plan.Violations));
        Assert.Equal(ApplyOutcome.Applied, (await licensing.ApplyAsync(plan, DemoOrg.Ids.Person("P-ALICE"), None)).Outcome);
        return Assert.Single(recorder.Bodies);
    }

    private static async Task<string> MoveAsync(string email, string target)
    {
        var (rig, recorder) = await StartAsync();
        await using var _ = rig;
        var licensing = rig.Services.GetRequiredService<ILicensingService>();
        var plan = await licensing.PlanAsync(new MoveLicenceRequest(email, DemoOrg.Ids.Person("P-ALICE"), target), None);
        Assert.False(plan.IsBlocked, string.Join("; ", plan.Violations));
        Assert.Equal(ApplyOutcome.Applied, (await licensing.ApplyAsync(plan, DemoOrg.Ids.Person("P-ALICE"), None)).Outcome);
        return Assert.Single(recorder.Bodies);
    }

    private static async Task<string> BulkRowAsync(string email, string[] wantHeld, string[] wantNotHeld)
    {
        var (rig, recorder) = await StartAsync();
        await using var _ = rig;
        var reader = new OrgReader(rig.Services.GetRequiredService<ILicensingService>(), rig.Admin,
            rig.Services.GetRequiredService<IOptions<LicensingOptions>>(), rig.Services.GetRequiredService<IOptions<WebexOptions>>());
        var snapshot = await reader.ReadUsersAsync(await reader.ReadLicencesAsync(None), [email], null, None);
        var builder = new BulkPlanBuilder(snapshot, "test");
        builder.AddChange(2, email, wantHeld, wantNotHeld);
        var plan = builder.Build();
        Assert.Empty(plan.Problems);
        var row = Assert.Single(plan.Rows);
        var job = new JobRow("J1", 1, row.SourceRow, row.Email, row.PersonId, row.BeforeIds, row.Adds, row.RemoveIds, row.BeforeText, row.AfterText, RowState.Pending);
        var options = Options.Create(new JobsOptions());
        var applier = new RowApplier(rig.Admin, options, TimeProvider.System, NullLogger<RowApplier>.Instance);
        var result = await applier.ApplyAsync(job, plan.Labels, _ => Task.CompletedTask, None);
        Assert.Equal(RowState.Done, result.State);
        return Assert.Single(recorder.Bodies);
    }

    [Fact]
    public async Task A_calling_move_is_the_same_patch_from_edit_from_move_and_from_a_bulk_row()
    {
        var edit = await EditAsync("bob@acme.test", DemoOrg.Ids.Licence("L-MSG-OLD"), DemoOrg.Ids.Licence("L-CALL-PRO-NEW"));
        var move = await MoveAsync("bob@acme.test", DemoOrg.Ids.Licence("L-CALL-PRO-NEW"));
        var bulk = await BulkRowAsync("bob@acme.test", [DemoOrg.Ids.Licence("L-CALL-PRO-NEW")], [DemoOrg.Ids.Licence("L-CALL-PRO-OLD")]);

        Assert.Equal(edit, move);
        Assert.Equal(edit, bulk);
        // The one body: the new calling licence first, carrying Bob's number, extension and location; then the old one removed.
        var body = JsonDocument.Parse(edit).RootElement;
        Assert.Equal(DemoOrg.Ids.Person("P-BOB"), body.GetProperty("personId").GetString());
        var operations = body.GetProperty("licenses").EnumerateArray().ToList();
        Assert.Equal([$"{DemoOrg.Ids.Licence("L-CALL-PRO-NEW")} add", $"{DemoOrg.Ids.Licence("L-CALL-PRO-OLD")} remove"],
            operations.Select(o => $"{o.GetProperty("id").GetString()} {o.GetProperty("operation").GetString()}"));
        var properties = operations[0].GetProperty("properties");
        Assert.Equal((DemoOrg.Ids.Location("LOC-AMS"), "+31201000002", "1002"),
            (properties.GetProperty("locationId").GetString(), properties.GetProperty("phoneNumber").GetString(), properties.GetProperty("extension").GetString()));
    }

    [Fact]
    public async Task Taking_a_pending_external_users_licences_is_the_same_patch_from_edit_from_a_bulk_row_and_from_reset_step_one()
    {
        var edit = await EditAsync(ResetRig.Erin);
        var bulk = await BulkRowAsync(ResetRig.Erin, [], [DemoOrg.Ids.Licence("L-MSG-OLD")]);

        var (rig, recorder) = await StartAsync();
        await using (rig)
        {
            var op = await rig.ConfirmAsync(ResetRig.Erin, DemoOrg.Ids.Licence("L-MSG-NEW"));
            Assert.Equal(ResetState.Done, (await rig.Runner.RunAsync(op.Id, None))!.State);
        }
        Assert.Equal(2, recorder.Bodies.Count);
        var resetRemove = recorder.Bodies[0];

        Assert.Equal(edit, bulk);
        Assert.Equal(edit, resetRemove);
        Assert.Equal($$$"""{"personId":"{{{DemoOrg.Ids.Person("P-ERIN")}}}","licenses":[{"id":"{{{DemoOrg.Ids.Licence("L-MSG-OLD")}}}","operation":"remove"}]}""", edit);
        // Step 2 names the user by e-mail (the pending user is invited again), with the same operation shape.
        Assert.Equal($$$"""{"email":"erin@partner.example","licenses":[{"id":"{{{DemoOrg.Ids.Licence("L-MSG-NEW")}}}","operation":"add"}]}""", recorder.Bodies[1]);
    }
}
