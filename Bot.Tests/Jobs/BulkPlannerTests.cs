using System.Text;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Csv;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;
using LicenseBot.Tests.Harness;
using static LicenseBot.Tests.Jobs.PlanSamples;

namespace LicenseBot.Tests.Jobs;

public sealed class BulkPlannerTests
{
    [Fact]
    public void A_row_flipping_old_false_and_new_true_is_one_calling_move_carrying_the_users_number()
    {
        var builder = new BulkPlanBuilder(Org(User("bob", Calling, ProOld, MeetOld)), "t");

        builder.AddChange(2, "BOB@acme.test", [ProNew.Id], [ProOld.Id]);
        var plan = builder.Build();

        var row = Assert.Single(plan.Rows);
        Assert.Equal(ChangeKind.Move, row.Kind);
        Assert.Equal([ProOld.Id], row.RemoveIds);
        Assert.Equal(new LicenceAdd(ProNew.Id, "LOC-AMS", "+31201234567", "1001"), Assert.Single(row.Adds));
        Assert.Equal("Webex Calling - Professional [Sub-OLD] + Meeting - Webex Meetings (acme.webex.com) [Sub-OLD]", row.BeforeText);
        Assert.Equal("Meeting - Webex Meetings (acme.webex.com) [Sub-OLD] + Webex Calling - Professional [Sub-NEW]", row.AfterText);
        Assert.Empty(plan.Problems);
        Assert.Equal(1, plan.Count(ChangeKind.Move));
    }

    [Fact]
    public void Rows_that_match_what_users_already_hold_are_counted_and_ignored()
    {
        var builder = new BulkPlanBuilder(Org(User("bob", Calling, ProOld), User("carol", Calling, ProNew)), "t");

        builder.AddChange(2, "bob@acme.test", [ProOld.Id], [ProNew.Id]);
        builder.AddChange(3, "carol@acme.test", [ProNew.Id], [ProOld.Id]);
        var plan = builder.Build();

        Assert.Empty(plan.Rows);
        Assert.Equal(2, plan.Unchanged);
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void Unknown_and_duplicate_users_are_problems_with_their_row_numbers()
    {
        var builder = new BulkPlanBuilder(Org(User("bob", Calling, ProOld)), "t");

        builder.AddChange(2, "bob@acme.test", [ProNew.Id], [ProOld.Id]);
        builder.AddChange(3, "nobody@acme.test", [ProNew.Id], [ProOld.Id]);
        builder.AddChange(4, "Bob@Acme.test", [ProNew.Id], [ProOld.Id]);
        var plan = builder.Build();

        Assert.Single(plan.Rows);
        Assert.Equal([3, 4], plan.Problems.Select(p => p.SourceRow));
        Assert.Contains("not a user of this org", English(plan.Problems[0].Reason));
        Assert.Contains("row 2", English(plan.Problems[1].Reason));
    }

    [Theory]
    [InlineData("R1")]
    [InlineData("R2")]
    [InlineData("R3")]
    [InlineData("R12")]
    [InlineData("400411")]
    [InlineData("R5")]
    [InlineData("R6")]
    public void A_row_breaking_a_rule_is_refused_naming_the_rule(string rule)
    {
        var (user, held, notHeld) = rule switch
        {
            "R1" => (User("bob", Calling, ProOld), new[] { ProNew.Id }, Array.Empty<string>()),
            "R2" => (User("bob", Calling, StdNew), [Attendant.Id], []),
            "R3" => (User("bob", Calling, StdNew), [CxEss.Id], []),
            "R12" => (User("bob", Calling, ProNew), [StdNew.Id], [ProNew.Id]),
            "400411" => (User("bob", null, MsgOld), [ProNew.Id], []),
            "R5" => (User("bob", Calling, ProOld), [], [ProOld.Id]),
            _ => (User("bob", Calling, ProSusp), [ProNew.Id], [ProSusp.Id]),
        };
        var builder = new BulkPlanBuilder(Org(user), "t");

        builder.AddChange(7, "bob@acme.test", held, notHeld);
        var plan = builder.Build();

        Assert.Empty(plan.Rows);
        var problem = Assert.Single(plan.Problems);
        Assert.Equal(7, problem.SourceRow);
        Assert.StartsWith(rule + ":", English(problem.Reason));
        if (rule is "R5" or "R6") Assert.Contains("edit bob@acme.test", English(problem.Reason));
    }

    [Fact]
    public void Free_units_are_checked_for_the_whole_plan_counting_what_it_frees()
    {
        var snapshot = Org(l => l.Id == ProNew.Id ? l with { TotalUnits = 12, ConsumedUnits = 10 } : l,
            User("a", Calling, ProOld), User("b", Calling, ProOld), User("c", Calling, ProOld));
        var builder = new BulkPlanBuilder(snapshot, "t");

        foreach (var name in new[] { "a", "b", "c" }) builder.AddChange(2, $"{name}@acme.test", [ProNew.Id], [ProOld.Id]);
        var plan = builder.Build();

        Assert.True(plan.IsBlocked);
        Assert.StartsWith("R7:", English(Assert.Single(plan.PlanProblems)));
        Assert.Contains("1 short", English(plan.PlanProblems[0]).Replace("—", "-"));
        var units = plan.Units.Single(u => u.Licence.Id == ProNew.Id);
        Assert.Equal((10, 13, -1), (units.Licence.ConsumedUnits, units.ConsumedAfter, units.FreeAfter));
        Assert.Equal(7, plan.Units.Single(u => u.Licence.Id == ProOld.Id).ConsumedAfter);
    }

    [Fact]
    public async Task A_dutch_excel_upload_plans_from_the_difference_with_live_state()
    {
        var snapshot = Org(User("bob", Calling, ProOld), User("carol", Calling, ProNew), User("dave", Calling, ProOld));
        var text = "User ID/Email (Required);Weergavenaam;Webex Calling - Professional [Sub-OLD];Webex Calling - Professional [Sub-NEW]\r\n"
                 + "bob@acme.test;Bob;ONWAAR;WAAR\r\ncarol@acme.test;Carol;ONWAAR;WAAR\r\ndave@acme.test;Dave;misschien;WAAR\r\n";
        var upload = new MemoryStream([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);

        var plan = await CsvPlanner.PlanAsync(snapshot, upload, CsvLimits.Default, "CSV", CancellationToken.None);

        Assert.Equal("bob@acme.test", Assert.Single(plan.Rows).Email);
        Assert.Equal(1, plan.Unchanged);
        Assert.Equal(4, Assert.Single(plan.Problems).SourceRow);
        Assert.Contains("'Weergavenaam'", Assert.Single(plan.Notes));
    }

    [Fact]
    public void Move_all_maps_each_licence_to_its_namesake_keeps_the_rest_and_lists_the_unmatched()
    {
        var snapshot = Org(User("bob", Calling, ProOld, MeetOld, CxEss), User("carol", Calling, ProNew), User("dave", Calling, MsgOld));

        var move = SubscriptionMovePlanner.Plan(snapshot, "sub-old", "Sub-NEW", "move");

        Assert.Null(move.Refusal);
        Assert.Equal((ProOld.Id, ProNew.Id), Assert.Single(move.Mapping) is var m ? (m.From.Id, m.To.Id) : default);
        Assert.Equal([MeetOld.Id, MsgOld.Id], move.Unmatched.Select(l => l.Id));
        var row = Assert.Single(move.Plan!.Rows);
        Assert.Equal("bob@acme.test", row.Email);
        Assert.Equal([ProOld.Id], row.RemoveIds);
        Assert.Contains(MeetOld.Label, row.AfterText);
        Assert.Contains(CxEss.Label, row.AfterText);
        Assert.Equal(2, move.Plan.Notes.Count);
        Assert.Equal("From Sub-OLD to Sub-NEW, each licence to the one of the same name: Webex Calling - Professional. Every other licence a user holds stays.", move.Plan.Notes[0]);
        Assert.Contains("Meeting - Webex Meetings (acme.webex.com) [Sub-OLD]", move.Plan.Notes[1]);
    }

    [Fact]
    public void Move_all_out_of_a_suspended_subscription_is_refused_pointing_to_edit()
    {
        var move = SubscriptionMovePlanner.Plan(Org(User("bob", Calling, ProSusp)), "Sub-SUSP", "Sub-NEW", "move");

        Assert.Null(move.Plan);
        Assert.StartsWith("R6:", English(move.Refusal!));
        Assert.Contains("edit", English(move.Refusal!));
    }

    [Fact]
    public void Move_all_names_the_subscriptions_that_exist_when_one_is_unknown()
    {
        var move = SubscriptionMovePlanner.Plan(Org(), "Sub-NOPE", "Sub-NEW", "move");

        Assert.Contains("Sub-NOPE", English(move.Refusal!));
        Assert.Contains("Sub-OLD, Sub-NEW, Sub-SUSP", English(move.Refusal!));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_planner_agrees_with_the_reference_planner_row_for_row_on_random_files(int seed)
    {
        var random = new Random(seed);
        var pool = new[] { ProOld, ProNew, StdNew, MeetOld, MsgOld, Attendant, CxEss, ProSusp }.Select(l => l.Id).Concat(["L-GONE", "L-NEW-UNKNOWN"]).ToArray();
        string[] Pick(int max) => Enumerable.Range(0, random.Next(max + 1)).Select(_ => pool[random.Next(pool.Length)]).ToArray();
        CallingData? SomeCalling() => random.Next(4) switch { 0 => null, 1 => new CallingData(null, null, null), _ => Calling };
        var users = Enumerable.Range(0, 40).Select(i => new SnapshotUser(
            new LicensedUser($"P-{i}", $"u{i}@acme.test", $"U {i}", UserStatus.Active, false, false, Pick(4), SomeCalling(), [], []), "U", $"{i}", "active")).ToArray();
        var snapshot = Org(l => l.Id == ProNew.Id ? l with { TotalUnits = 20, ConsumedUnits = 5 } : l, users);
        var planned = new BulkPlanBuilder(snapshot, "t");
        var reference = new ReferenceBulkPlanBuilder(snapshot, "t");

        for (var row = 2; row < 400; row++)
        {
            var email = random.Next(10) switch { 0 => $"nobody{row}@acme.test", 1 => $"U{random.Next(40)}@ACME.test", _ => $"u{random.Next(40)}@acme.test" };
            var (held, notHeld) = (Pick(5), Pick(5));
            if (random.Next(8) == 0)
            {
                planned.AddProblem(row, email, LocalText.Verbatim("bad value"));
                reference.AddProblem(row, email, LocalText.Verbatim("bad value"));
                continue;
            }
            // Lists (the CSV planner), arrays and lazy sequences (move all) all reach AddChange.
            IEnumerable<string> Shape(string[] ids, int how) => how switch { 0 => ids.ToList(), 1 => ids, _ => ids.Select(id => id) };
            var how = random.Next(3);
            planned.AddChange(row, email, Shape(held, how), Shape(notHeld, how));
            reference.AddChange(row, email, Shape(held, how), Shape(notHeld, how));
        }

        var (actual, expected) = (Describe(planned.Build()), Describe(reference.Build()));
        Assert.Equal(expected, actual);
        Assert.Contains("row ", actual);
        Assert.Contains("problem ", actual);
    }

    [Theory]
    [InlineData(11, ',')]
    [InlineData(12, ';')]
    [InlineData(13, '\t')]
    public async Task A_random_upload_plans_as_reading_its_rows_and_planning_them_one_by_one_does(int seed, char separator)
    {
        var random = new Random(seed);
        var all = new[] { ProOld, ProNew, StdNew, MeetOld, MsgOld, Attendant, CxEss, ProSusp };
        var users = Enumerable.Range(0, 30).Select(i => User($"u{i}", random.Next(5) == 0 ? null : Calling,
            all.Where(_ => random.Next(3) == 0).ToArray())).ToArray();
        var snapshot = Org(users);
        var columns = CsvPlanner.Columns(snapshot.Org);
        var header = new[] { "User ID/Email (Required)", "Notes" }.Concat(columns.Select(c => c.Header));
        var text = new StringBuilder(string.Join(separator, header)).Append("\r\n");
        string[] values = ["TRUE", "FALSE", "true", "WAAR", "onwaar", "", "", " FALSE ", "maybe"];
        for (var row = 0; row < 300; row++)
        {
            var email = random.Next(12) switch
            {
                0 => $"nobody{row}@acme.test",
                1 => $"  'U{random.Next(30)}@ACME.test ",
                2 => "",
                3 => "not an email",
                _ => $"u{random.Next(30)}@acme.test",
            };
            var cells = columns.Select(_ => values[random.Next(values.Length)]);
            text.Append(email).Append(separator).Append("n").Append(separator).Append(string.Join(separator, cells)).Append("\r\n");
            if (random.Next(20) == 0) text.Append(new string(separator, columns.Count + 1)).Append("\r\n");
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());

        var plan = await CsvPlanner.PlanAsync(snapshot, new MemoryStream(bytes), CsvLimits.Default, "t", CancellationToken.None);

        var reference = new ReferenceBulkPlanBuilder(snapshot, "t");
        await using (var file = await ControlHubCsvReader.OpenAsync(new MemoryStream(bytes), columns, CsvLimits.Default, CancellationToken.None))
        {
            await foreach (var row in file.ReadRowsAsync(CancellationToken.None))
            {
                if (row.Problem is not null) { reference.AddProblem(row.Row, row.Email, row.Problem); continue; }
                var held = row.Cells.Select((c, k) => (c, k)).Where(x => x.c == CsvBool.Cell.True).Select(x => file.Layout.Licences[x.k].LicenceId).ToList();
                var notHeld = row.Cells.Select((c, k) => (c, k)).Where(x => x.c == CsvBool.Cell.False).Select(x => file.Layout.Licences[x.k].LicenceId).ToList();
                reference.AddChange(row.Row, row.Email, held, notHeld);
            }
            reference.Note(plan.Notes.Single());
        }
        var (actual, expected) = (Describe(plan), Describe(reference.Build()));
        Assert.Equal(expected, actual);
        foreach (var part in new[] { "row ", "not a user of this org", "also on row", "no e-mail address", "maybe" }) Assert.Contains(part, actual);
    }

    [Fact]
    public void The_snapshot_finds_users_by_address_in_any_case_the_first_of_case_twins_winning()
    {
        var twin = User("bob", Calling, ProNew) with { User = User("bob", Calling, ProNew).User with { Id = "P-TWIN", Email = "BOB@acme.test" } };
        var snapshot = Org(User("alice", Calling, ProOld), User("bob", Calling, ProOld), twin);

        Assert.True(snapshot.TryFind("Bob@ACME.test", out var bob, out var number));
        Assert.Equal(("P-BOB", 1), (bob.Id, number));
        Assert.Same(bob, snapshot.Find("bob@acme.TEST"));
        Assert.True(snapshot.TryFind("alice@acme.test".AsSpan(0, 15), out _, out var alice));
        Assert.Equal(0, alice);
        Assert.False(snapshot.TryFind("alice@acme.tes", out _, out _));
        Assert.Null(snapshot.Find("carol@acme.test"));
        Assert.Equal(3, snapshot.UserCount);
    }

    [Fact]
    public void Rows_holding_the_same_licences_share_one_before_and_after_text()
    {
        var builder = new BulkPlanBuilder(Org(User("a", Calling, ProOld, MsgOld), User("b", Calling, ProOld, MsgOld), User("c", Calling, MsgOld, ProOld)), "t");

        foreach (var name in new[] { "a", "b", "c" }) builder.AddChange(2, $"{name}@acme.test", [ProNew.Id], [ProOld.Id]);
        var rows = builder.Build().Rows;

        Assert.Equal("Webex Calling - Professional [Sub-OLD] + Messaging [Sub-OLD]", rows[0].BeforeText);
        Assert.Same(rows[0].BeforeText, rows[1].BeforeText);
        Assert.Same(rows[0].AfterText, rows[1].AfterText);
        Assert.Equal("Messaging [Sub-OLD] + Webex Calling - Professional [Sub-NEW]", rows[0].AfterText);
        // Same licences in another order is another text: the order is the user's own.
        Assert.Equal("Messaging [Sub-OLD] + Webex Calling - Professional [Sub-OLD]", rows[2].BeforeText);
    }

    [Fact]
    public void Licence_texts_stay_right_once_too_many_combinations_are_remembered()
    {
        var texts = new LicenceTexts();
        var licences = Enumerable.Range(0, LicenceTexts.MaxEntries + 10)
            .Select(i => TestLicences.Of($"L-{i}", $"Licence {i}", "Sub", total: 1, consumed: 0)).ToList();

        foreach (var licence in licences) Assert.Equal(licence.Label, texts.Get([licence]));
        var last = licences[^1];

        Assert.Equal(LicenceTexts.MaxEntries, texts.Count);
        Assert.Equal("Licence 4105 [Sub] + Licence 0 [Sub]", texts.Get([last, licences[0]]));
        Assert.Equal(last.Label, texts.Get([last]));
        Assert.Equal("-", texts.Get([]));
    }

    private static string Describe(BulkPlan plan)
    {
        var sb = new StringBuilder();
        foreach (var r in plan.Rows)
            sb.AppendLine($"row {r.SourceRow} {r.Email} {r.PersonId} [{string.Join(",", r.BeforeIds)}] +[{string.Join(",", r.Adds)}] -[{string.Join(",", r.RemoveIds)}] '{r.BeforeText}' -> '{r.AfterText}' {r.Kind} {string.Join("|", r.Warnings.Select(English))}");
        foreach (var p in plan.Problems)
            sb.AppendLine($"problem {p.SourceRow} {p.Email} {p.PersonId} {English(p.Reason)} '{p.BeforeText}' -> '{p.AfterText}'");
        foreach (var u in plan.Units)
            sb.AppendLine($"units {u.Licence} +{u.Added} -{u.Removed}");
        sb.AppendLine($"unchanged {plan.Unchanged}; plan problems {string.Join("|", plan.PlanProblems.Select(English))}; notes {string.Join("|", plan.Notes)}; labels {string.Join(",", plan.Labels.OrderBy(l => l.Key))}");
        return sb.ToString();
    }

    /// <summary>A typed text as an English reader sees it: what the planners are compared on.</summary>
    private static string English(LocalText text) => text.In(BotLanguage.English);
}
