using LicenseBot.Core.Conversation;
using LicenseBot.Core.Storage;
using LicenseBot.Tests.Harness;

namespace LicenseBot.Tests.Conversation;

public sealed class DialogTests
{
    /// <summary>Asks for a name, waits for the reply, remembers it, then asks a child to confirm.</summary>
    private sealed class NameDialog() : Dialog("name")
    {
        public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
        {
            dc.SetState(new Asked(0));
            return await dc.PromptAsync(Activity.CreateMessage("What is your name?"), ct);
        }

        public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken ct)
        {
            var asked = dc.GetState<Asked>()!;
            if (string.IsNullOrWhiteSpace(dc.Activity.Text))
            {
                dc.SetState(asked with { Times = asked.Times + 1 });
                return await dc.PromptAsync(Activity.CreateMessage("Please type a name."), ct);
            }
            dc.SetState(asked with { Name = dc.Activity.Text });
            return await dc.BeginDialogAsync("confirm", dc.Activity.Text, ct);
        }

        public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, object? result, CancellationToken ct)
        {
            var asked = dc.GetState<Asked>()!;
            await dc.ReplyAsync(Activity.CreateMessage($"{asked.Name}: {result}"), ct);
            return await dc.EndDialogAsync(asked.Name, ct);
        }
    }

    private sealed class ConfirmDialog() : Dialog("confirm")
    {
        public override Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct) =>
            dc.PromptAsync(Activity.CreateMessage($"Is {options} right?"), ct);

        public override Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken ct) =>
            dc.EndDialogAsync(CardSubmit.From(dc.Activity)?.Step, ct);
    }

    private sealed record Asked(int Times, string? Name = null);

    private static async Task<(DialogTurnResult Result, RecordingTurnContext Turn)> TurnAsync(DialogSet set, Activity activity, Func<DialogContext, Task<DialogTurnResult>> act)
    {
        var turn = new RecordingTurnContext(activity);
        var dc = await set.CreateContextAsync(turn, CancellationToken.None);
        var result = await act(dc);
        await dc.SaveAsync(CancellationToken.None);
        return (result, turn);
    }

    [Fact]
    public async Task A_prompt_waits_across_turns_and_the_stack_survives_in_storage()
    {
        await using var db = new TestDatabase();
        var storage = new DbStorage(db.Database, db.Time);
        DialogSet NewSet() => new([new NameDialog(), new ConfirmDialog()], storage); // a fresh set per turn, as after a restart

        var (begun, t1) = await TurnAsync(NewSet(), RecordingTurnContext.Message("name", id: "M-1"), dc => dc.BeginDialogAsync("name", null, CancellationToken.None));
        Assert.Equal(DialogTurnStatus.Waiting, begun.Status);
        Assert.Equal("What is your name?", Assert.Single(t1.Sent).Text);

        var (empty, t2) = await TurnAsync(NewSet(), RecordingTurnContext.Message("", id: "M-2", parentId: "M-1"), dc => dc.ContinueDialogAsync(CancellationToken.None));
        Assert.Equal(DialogTurnStatus.Waiting, empty.Status);
        Assert.Equal("Please type a name.", Assert.Single(t2.Sent).Text);

        var (child, t3) = await TurnAsync(NewSet(), RecordingTurnContext.Message("Bob", id: "M-3", parentId: "M-1"), dc => dc.ContinueDialogAsync(CancellationToken.None));
        Assert.Equal(DialogTurnStatus.Waiting, child.Status);
        Assert.Equal("Is Bob right?", Assert.Single(t3.Sent).Text);

        var (done, t4) = await TurnAsync(NewSet(), RecordingTurnContext.Submit(new { flow = "confirm", step = "yes" }, threadId: "M-1"), dc => dc.ContinueDialogAsync(CancellationToken.None));
        Assert.Equal(DialogTurnStatus.Complete, done.Status);
        Assert.Equal("Bob", done.Result);
        Assert.Equal("Bob: yes", Assert.Single(t4.Sent).Text);

        Assert.Null(await storage.ReadAsync("dialogs/R-ADMINS/M-1", CancellationToken.None));
    }

    [Fact]
    public async Task Threads_keep_separate_stacks()
    {
        await using var db = new TestDatabase();
        var storage = new DbStorage(db.Database, db.Time);
        var set = new DialogSet([new NameDialog(), new ConfirmDialog()], storage);
        await TurnAsync(set, RecordingTurnContext.Message("name", id: "T-1"), dc => dc.BeginDialogAsync("name", null, CancellationToken.None));

        var (other, _) = await TurnAsync(set, RecordingTurnContext.Message("Carol", id: "T-2"), dc => dc.ContinueDialogAsync(CancellationToken.None));
        Assert.Equal(DialogTurnStatus.Empty, other.Status);
    }

    [Fact]
    public async Task A_stack_changed_by_another_turn_is_not_overwritten()
    {
        await using var db = new TestDatabase();
        var storage = new DbStorage(db.Database, db.Time);
        var set = new DialogSet([new NameDialog(), new ConfirmDialog()], storage);
        await TurnAsync(set, RecordingTurnContext.Message("name", id: "T-1"), dc => dc.BeginDialogAsync("name", null, CancellationToken.None));

        var reply = RecordingTurnContext.Message("Dave", id: "T-2", parentId: "T-1");
        var first = await set.CreateContextAsync(new RecordingTurnContext(reply), CancellationToken.None);
        var second = await set.CreateContextAsync(new RecordingTurnContext(reply), CancellationToken.None);
        await first.ContinueDialogAsync(CancellationToken.None);
        await first.SaveAsync(CancellationToken.None);
        await second.ContinueDialogAsync(CancellationToken.None);
        await Assert.ThrowsAsync<StorageConcurrencyException>(() => second.SaveAsync(CancellationToken.None));
    }

    [Fact]
    public void Card_submits_carry_flow_step_token_and_string_inputs()
    {
        var submit = CardSubmit.From(RecordingTurnContext.Submit(new { flow = "edit", step = "confirm", token = "t1", licence = "L-1", notify = "true" }, "M-1"));
        Assert.NotNull(submit);
        Assert.Equal(("edit", "confirm", "t1"), (submit.Flow, submit.Step, submit.Token));
        Assert.Equal("L-1", submit.Get("licence"));
        Assert.False(submit.Inputs.ContainsKey("flow"));
        Assert.Null(CardSubmit.From(RecordingTurnContext.Submit(new { licence = "L-1" }, "M-1")));
    }
}
