using LicenseBot.Core.Features.Reset;
using LicenseBot.Core.Journal;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex.Models;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;

namespace LicenseBot.Tests.Reset;

/// <summary>The reset journal and its runner against the simulator: both steps, interruptions, retries, resumption.</summary>
public sealed class ResetRunnerTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly ResetLease DeadHost = new("dead-host", TimeSpan.FromMinutes(2));

    [Fact]
    public async Task A_pending_external_user_is_removed_then_added_again_pending_with_the_chosen_licences()
    {
        await using var rig = await ResetRig.StartAsync();
        var op = await rig.ConfirmAsync(ResetRig.Erin, DemoOrg.Ids.Licence("L-MSG-NEW"), DemoOrg.Ids.Licence("L-MTG-NEW"));

        var done = await rig.Runner.RunAsync(op.Id, None);

        Assert.Equal(ResetState.Done, done!.State);
        Assert.Null(await rig.Admin.GetPersonAsync(DemoOrg.Ids.Person("P-ERIN"), false, None)); // step 1 took the old person out of the org
        var erin = await rig.FindAsync(ResetRig.Erin);
        Assert.NotNull(erin);
        Assert.Equal(done.NewPersonId, erin.Id);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-NEW"), DemoOrg.Ids.Licence("L-MTG-NEW") }.Order(), erin.Licenses!.Order());
        var record = await rig.InspectAsync(erin.Id);
        Assert.Equal("pending", record.GetProperty("status").GetString());
        Assert.True(record.GetProperty("invitePending").GetBoolean());

        var steps = await rig.Journal.StepsAsync(op.Id, None);
        Assert.Equal(["Remove before", "Remove after removed", "Add before", "Add after added"],
            steps.Select(s => $"{s.Step} {s.Phase}{(s.Outcome is null ? "" : " " + s.Outcome)}"));
        var report = Assert.Single(rig.Reports.All);
        Assert.Equal(ResetReportKind.Done, report.Kind);
        Assert.False(report.Resumed);
    }

    [Fact]
    public async Task Both_steps_are_audited_with_who_asked_who_confirmed_before_and_after()
    {
        await using var rig = await ResetRig.StartAsync();
        var op = await rig.ConfirmAsync(ResetRig.Erin, DemoOrg.Ids.Licence("L-MSG-OLD"));

        await rig.Runner.RunAsync(op.Id, None);

        var entries = (await rig.Audit.LatestAsync(ResetRig.Erin, 10, None)).OrderBy(e => e.At).ThenBy(e => e.Detail?.In(BotLanguage.English)).ToList();
        Assert.Equal(2, entries.Count);
        var removed = entries.Single(e => e.Before.Count > 0);
        var added = entries.Single(e => e.Before.Count == 0);
        Assert.Equal([DemoOrg.Ids.Licence("L-MSG-OLD")], removed.Before);
        Assert.Empty(removed.After);
        Assert.Equal([DemoOrg.Ids.Licence("L-MSG-OLD")], added.After);
        Assert.All(entries, e => Assert.Equal((DemoOrg.Ids.Person("P-ALICE"), DemoOrg.Ids.Person("P-ALICE"), "Applied"), (e.RequestedBy, e.ConfirmedBy, e.Outcome)));
        Assert.Contains("step 1 of 2", removed.Detail?.In(BotLanguage.English));
        Assert.Contains("step 2 of 2", added.Detail?.In(BotLanguage.English));
    }

    [Fact]
    public async Task A_host_that_dies_between_the_steps_is_resumed_by_the_next_runner_with_step_2_only()
    {
        await using var rig = await ResetRig.StartAsync();
        var op = await rig.ConfirmAsync(ResetRig.Erin, DemoOrg.Ids.Licence("L-MSG-OLD"), DemoOrg.Ids.Licence("L-MTG-NEW"));
        rig.Interruption.ArmAfterRemoval();

        await Assert.ThrowsAsync<ResetInterruptedException>(() => rig.Runner.RunAsync(op.Id, None));

        Assert.Equal(ResetState.Removed, (await rig.Journal.GetAsync(op.Id, None))!.State);
        Assert.Null(await rig.FindAsync(ResetRig.Erin)); // between the steps: the user is out of the org
        Assert.Empty(await rig.Journal.DueAsync(10, None)); // the dead host's lease still holds it

        rig.Db.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal([op.Id], await rig.Journal.DueAsync(10, None));
        var done = await rig.NewRunner().RunAsync(op.Id, None);

        Assert.Equal(ResetState.Done, done!.State);
        var erin = await rig.FindAsync(ResetRig.Erin);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-OLD"), DemoOrg.Ids.Licence("L-MTG-NEW") }.Order(), erin!.Licenses!.Order());
        var steps = await rig.Journal.StepsAsync(op.Id, None);
        Assert.Equal(1, steps.Count(s => s.Step == ResetStep.Remove && s.Phase == ResetStepRecord.BeforePhase));
        Assert.Equal(ResetStep.Add, steps[^1].Step);
        var report = Assert.Single(rig.Reports.All);
        Assert.True(report.Resumed, "The admin should hear that the reset was finished after an interruption.");
    }

    [Fact]
    public async Task A_removal_that_went_through_before_the_host_died_is_resolved_by_reading_not_sent_again()
    {
        await using var rig = await ResetRig.StartAsync();
        var op = await rig.ConfirmAsync(ResetRig.Erin, DemoOrg.Ids.Licence("L-MSG-OLD"));
        // Step 1 journaled as started, its PATCH applied, then the host died before journaling the outcome.
        Assert.True(await rig.Journal.TryClaimAsync(op.Id, DeadHost, None));
        await rig.Journal.BeginStepAsync(op.Id, DeadHost, ResetStep.Remove, LocalText.Verbatim(DemoOrg.Ids.Licence("L-MSG-OLD")), None);
        await rig.PatchAsync(new LicensePatchRequest { PersonId = DemoOrg.Ids.Person("P-ERIN"), Licenses = [new LicenseOperationRequest(DemoOrg.Ids.Licence("L-MSG-OLD"), "remove")] });
        Assert.Null(await rig.Runner.RunAsync(op.Id, None)); // not while the dead host's lease lasts
        rig.Db.Time.Advance(TimeSpan.FromMinutes(3));

        var done = await rig.Runner.RunAsync(op.Id, None);

        Assert.Equal(ResetState.Done, done!.State);
        var steps = await rig.Journal.StepsAsync(op.Id, None);
        Assert.Equal(1, steps.Count(s => s.Step == ResetStep.Remove && s.Phase == ResetStepRecord.BeforePhase));
        Assert.Contains(steps, s => s.Step == ResetStep.Remove && s.Outcome == "removed" && s.Detail!.In(BotLanguage.English).Contains("Resumed"));
        Assert.Equal([DemoOrg.Ids.Licence("L-MSG-OLD")], (await rig.FindAsync(ResetRig.Erin))!.Licenses);
    }

    [Fact]
    public async Task An_addition_that_went_through_before_the_host_died_is_not_sent_twice()
    {
        await using var rig = await ResetRig.StartAsync();
        var op = await rig.ConfirmAsync(ResetRig.Erin, DemoOrg.Ids.Licence("L-MSG-NEW"));
        Assert.True(await rig.Journal.TryClaimAsync(op.Id, DeadHost, None));
        await rig.PatchAsync(new LicensePatchRequest { PersonId = DemoOrg.Ids.Person("P-ERIN"), Licenses = [new LicenseOperationRequest(DemoOrg.Ids.Licence("L-MSG-OLD"), "remove")] });
        await rig.Journal.EndStepAsync(op.Id, DeadHost, ResetStep.Remove, ResetState.Removed, "removed", null, null, null, None);
        await rig.Journal.BeginStepAsync(op.Id, DeadHost, ResetStep.Add, LocalText.Verbatim(DemoOrg.Ids.Licence("L-MSG-NEW")), None);
        await rig.PatchAsync(new LicensePatchRequest { Email = ResetRig.Erin, Licenses = [new LicenseOperationRequest(DemoOrg.Ids.Licence("L-MSG-NEW"))] });
        rig.Db.Time.Advance(TimeSpan.FromMinutes(3));

        var done = await rig.Runner.RunAsync(op.Id, None);

        Assert.Equal(ResetState.Done, done!.State);
        var steps = await rig.Journal.StepsAsync(op.Id, None);
        Assert.Equal(1, steps.Count(s => s.Step == ResetStep.Add && s.Phase == ResetStepRecord.BeforePhase));
        Assert.Contains("Resumed", steps[^1].Detail?.In(BotLanguage.English));
        Assert.Empty(await rig.Audit.LatestAsync(ResetRig.Erin, 10, None)); // the runner sent no licence change itself
    }

    [Fact]
    public async Task A_failed_second_step_is_reported_retried_later_and_finishes_once_webex_accepts_it()
    {
        await using var rig = await ResetRig.StartAsync();
        var op = await rig.ConfirmAsync(ResetRig.Erin, ResetRig.Tiny);
        // Another admin takes the only unit between the confirmation and step 2.
        await rig.PatchAsync(new LicensePatchRequest { PersonId = DemoOrg.Ids.Person("P-BOB"), Licenses = [new LicenseOperationRequest(ResetRig.Tiny)] });

        var first = await rig.Runner.RunAsync(op.Id, None);

        Assert.Equal(ResetState.Adding, first!.State);
        Assert.Equal(1, first.Attempts);
        Assert.Null(await rig.FindAsync(ResetRig.Erin));
        var retrying = Assert.Single(rig.Reports.All);
        Assert.Equal(ResetReportKind.Retrying, retrying.Kind);
        Assert.Contains("400", retrying.Reason?.In(BotLanguage.English));
        Assert.Empty(await rig.Journal.DueAsync(10, None)); // not before the retry delay

        await rig.PatchAsync(new LicensePatchRequest { PersonId = DemoOrg.Ids.Person("P-BOB"), Licenses = [new LicenseOperationRequest(ResetRig.Tiny, "remove")] });
        rig.Db.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal([op.Id], await rig.Journal.DueAsync(10, None));
        var second = await rig.Runner.RunAsync(op.Id, None);

        Assert.Equal(ResetState.Done, second!.State);
        Assert.Equal([ResetRig.Tiny], (await rig.FindAsync(ResetRig.Erin))!.Licenses);
        Assert.Equal([ResetReportKind.Retrying, ResetReportKind.Done], rig.Reports.All.Select(r => r.Kind));
        Assert.True(rig.Reports.All[^1].Resumed);
    }

    [Fact]
    public async Task After_the_last_attempt_the_runner_gives_up_and_says_what_to_add_by_hand()
    {
        await using var rig = await ResetRig.StartAsync(new Dictionary<string, string?> { ["Reset:MaxAttempts"] = "2" });
        var op = await rig.ConfirmAsync(ResetRig.Erin, ResetRig.Tiny);
        await rig.PatchAsync(new LicensePatchRequest { PersonId = DemoOrg.Ids.Person("P-BOB"), Licenses = [new LicenseOperationRequest(ResetRig.Tiny)] });

        await rig.Runner.RunAsync(op.Id, None);
        rig.Db.Time.Advance(TimeSpan.FromMinutes(2));
        var last = await rig.Runner.RunAsync(op.Id, None);

        Assert.Equal(ResetState.Failed, last!.State);
        Assert.Equal([ResetReportKind.Retrying, ResetReportKind.GaveUp], rig.Reports.All.Select(r => r.Kind));
        Assert.Equal([ResetRig.Tiny], rig.Reports.All[^1].Operation.Plan.After.Select(l => l.Id));
        rig.Db.Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await rig.Journal.DueAsync(10, None));
    }

    [Fact]
    public async Task A_user_changed_after_the_confirmation_is_left_alone()
    {
        await using var rig = await ResetRig.StartAsync();
        var op = await rig.ConfirmAsync(ResetRig.Erin, DemoOrg.Ids.Licence("L-MSG-OLD"));
        await rig.PatchAsync(new LicensePatchRequest { PersonId = DemoOrg.Ids.Person("P-ERIN"), Licenses = [new LicenseOperationRequest(DemoOrg.Ids.Licence("L-MTG-NEW"))] });

        var stale = await rig.Runner.RunAsync(op.Id, None);

        Assert.Equal(ResetState.Stale, stale!.State);
        var erin = await rig.Admin.GetPersonAsync(DemoOrg.Ids.Person("P-ERIN"), false, None);
        Assert.Equal(new[] { DemoOrg.Ids.Licence("L-MSG-OLD"), DemoOrg.Ids.Licence("L-MTG-NEW") }.Order(), erin!.Licenses!.Order());
        Assert.Equal(ResetReportKind.Stale, Assert.Single(rig.Reports.All).Kind);
        Assert.DoesNotContain(await rig.Journal.StepsAsync(op.Id, None), s => s.Phase == ResetStepRecord.BeforePhase);
    }

    [Fact]
    public async Task A_reset_held_by_a_live_runner_is_not_run_by_another()
    {
        await using var rig = await ResetRig.StartAsync();
        var op = await rig.ConfirmAsync(ResetRig.Erin, DemoOrg.Ids.Licence("L-MSG-OLD"));
        Assert.True(await rig.Journal.TryClaimAsync(op.Id, new ResetLease("other-host", TimeSpan.FromMinutes(2)), None));

        Assert.Null(await rig.Runner.RunAsync(op.Id, None));

        Assert.Equal(ResetState.Confirmed, (await rig.Journal.GetAsync(op.Id, None))!.State);
        Assert.NotNull(await rig.Admin.GetPersonAsync(DemoOrg.Ids.Person("P-ERIN"), false, None));
    }

    [Fact]
    public async Task A_runner_whose_lease_was_taken_over_cannot_write_to_the_journal_any_more()
    {
        await using var rig = await ResetRig.StartAsync();
        var op = await rig.ConfirmAsync(ResetRig.Erin, DemoOrg.Ids.Licence("L-MSG-OLD"));
        var slow = new ResetLease("slow-host", TimeSpan.FromMinutes(2));
        Assert.True(await rig.Journal.TryClaimAsync(op.Id, slow, None));
        rig.Db.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.True(await rig.Journal.TryClaimAsync(op.Id, new ResetLease("new-host", TimeSpan.FromMinutes(2)), None));

        await Assert.ThrowsAsync<ResetLeaseLostException>(() => rig.Journal.BeginStepAsync(op.Id, slow, ResetStep.Remove, LocalText.Verbatim(DemoOrg.Ids.Licence("L-MSG-OLD")), None));

        Assert.Equal(ResetState.Confirmed, (await rig.Journal.GetAsync(op.Id, None))!.State);
        Assert.Empty(await rig.Journal.StepsAsync(op.Id, None));
    }

    [Fact]
    public async Task Step_details_and_the_last_error_are_stored_unwritten_and_older_plain_words_read_back_as_written()
    {
        await using var rig = await ResetRig.StartAsync();
        var op = await rig.ConfirmAsync(ResetRig.Erin, DemoOrg.Ids.Licence("L-MSG-NEW"));
        await TypedJournal(rig.Journal, rig.Db.Database, rig.Db.Time, op);
    }

    [PostgresFact]
    public async Task On_PostgreSQL_step_details_and_the_last_error_are_stored_unwritten_and_older_plain_words_read_back_as_written()
    {
        await using var rig = await ResetRig.StartAsync();
        var op = await rig.ConfirmAsync(ResetRig.Erin, DemoOrg.Ids.Licence("L-MSG-NEW"));
        await using var pg = await TestPostgresDatabase.CreateAsync(new ResetMigrations());
        var journal = new ResetJournal(pg.Database, pg.Time);
        await journal.CreateAsync(op, null, None);
        await TypedJournal(journal, pg.Database, pg.Time, op);
    }

    private static async Task TypedJournal(ResetJournal journal, LicenseBot.Core.Storage.IBotDatabase database, TimeProvider time, ResetOperation op)
    {
        Assert.True(await journal.TryClaimAsync(op.Id, DeadHost, None));
        var stillHeld = LocalText.Of("reset.error.still_held", "L-1");
        await journal.EndStepAsync(op.Id, DeadHost, ResetStep.Remove, ResetState.Removing, "failed", null, stillHeld, null, None);
        await journal.ScheduleRetryAsync(op.Id, DeadHost, stillHeld, time.GetUtcNow(), None);

        var typed = (await journal.GetAsync(op.Id, None))!;
        var step = Assert.Single(await journal.StepsAsync(op.Id, None));
        Assert.Equal(stillHeld, typed.LastError);
        Assert.Equal(stillHeld, step.Detail);
        Assert.Equal("bij het teruglezen van de gebruiker zijn deze licenties nog toegewezen: L-1", step.Detail!.In(BotLanguage.Dutch));
        Assert.Equal("reading the user back shows these licences are still assigned: L-1", typed.LastError!.In(BotLanguage.English));

        // Rows written before reset migration 3: their words are in `detail` and `last_error`, nothing in the typed columns.
        await using (var connection = await database.OpenAsync(None))
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE reset_steps SET detail = 'Step 1 said no.', detail_text = NULL WHERE operation_id = @id", new { id = op.Id });
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE reset_operations SET last_error = 'Webex said no.', last_error_text = NULL WHERE id = @id", new { id = op.Id });
        }
        var old = (await journal.GetAsync(op.Id, None))!;
        var oldStep = Assert.Single(await journal.StepsAsync(op.Id, None));
        Assert.Equal(("Webex said no.", "Webex said no."), (old.LastError!.In(BotLanguage.English), old.LastError!.In(BotLanguage.Dutch)));
        Assert.Equal(("Step 1 said no.", "Step 1 said no."), (oldStep.Detail!.In(BotLanguage.English), oldStep.Detail!.In(BotLanguage.Dutch)));
    }
}
