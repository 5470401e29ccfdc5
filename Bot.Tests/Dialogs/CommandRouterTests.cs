using LicenseBot.Core.Cards;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Help;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Text;
using LicenseBot.Tests.Harness;

namespace LicenseBot.Tests.Dialogs;

public sealed class CommandRouterTests
{
    /// <summary>Stands in for a flow: asks for an e-mail and waits; its cards carry flow "edit".</summary>
    private sealed class AskingDialog() : Dialog("edit")
    {
        public List<object?> Begun { get; } = [];

        public override Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
        {
            Begun.Add(options);
            return options is CardSubmit ? dc.EndDialogAsync(null, ct) : dc.PromptAsync(Activity.CreateMessage("Which e-mail?"), ct);
        }

        public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken ct)
        {
            await dc.ReplyAsync(Activity.CreateMessage($"Got {dc.Activity.Text ?? CardSubmit.From(dc.Activity)?.Step}"), ct);
            return await dc.EndDialogAsync(null, ct);
        }
    }

    private static async Task<RecordingTurnContext> TurnAsync(TestDatabase db, Dialog[] dialogs, Activity activity)
    {
        var set = new DialogSet([new HelpDialog(BotManifest.Current), .. dialogs], new DbStorage(db.Database, db.Time));
        var turn = new RecordingTurnContext(activity);
        await new CommandRouter(set, new CommandParser(BotManifest.Current)).OnTurnAsync(turn, CancellationToken.None);
        return turn;
    }

    [Fact]
    public async Task The_help_card_lists_only_commands_whose_dialog_is_registered()
    {
        await using var db = new TestDatabase();
        var turn = await TurnAsync(db, [new AskingDialog()], RecordingTurnContext.Message("help"));
        var card = (AdaptiveCard)Assert.Single(Assert.Single(turn.Sent).Attachments).Content!;
        var usages = card.Body.OfType<ColumnSet>().Select(c => ((TextBlock)c.Columns[0].Items[0]).Text).ToList();
        Assert.Equal(["help", "edit <email>"], usages);
        Assert.Contains(BotText.Get("help.command.edit"), turn.Sent[0].Text);
    }

    [Fact]
    public async Task A_known_command_without_its_dialog_is_answered_as_not_available_yet()
    {
        await using var db = new TestDatabase();
        var turn = await TurnAsync(db, [], RecordingTurnContext.Message("reset guest@partner.test"));
        Assert.Equal(BotText.Format("router.not.available", "reset"), Assert.Single(turn.Sent).Text);
    }

    [Fact]
    public async Task A_reply_in_the_thread_goes_to_the_waiting_dialog_and_a_reply_elsewhere_does_not()
    {
        await using var db = new TestDatabase();
        var dialog = new AskingDialog();
        await TurnAsync(db, [dialog], RecordingTurnContext.Message("edit", id: "T-1"));
        Assert.IsType<CommandInvocation>(Assert.Single(dialog.Begun));

        var elsewhere = await TurnAsync(db, [dialog], RecordingTurnContext.Message("bob@acme.test", id: "T-2"));
        Assert.Contains("bob@acme.test", Assert.Single(elsewhere.Sent).Text); // the unknown-command hint, not the dialog

        var inThread = await TurnAsync(db, [dialog], RecordingTurnContext.Message("bob@acme.test", id: "T-3", parentId: "T-1"));
        Assert.Equal("Got bob@acme.test", Assert.Single(inThread.Sent).Text);
    }

    [Fact]
    public async Task Cancel_in_a_thread_with_a_waiting_dialog_ends_it()
    {
        await using var db = new TestDatabase();
        var dialog = new AskingDialog();
        await TurnAsync(db, [dialog], RecordingTurnContext.Message("edit", id: "T-1"));
        var cancelled = await TurnAsync(db, [dialog], RecordingTurnContext.Message("cancel", id: "T-2", parentId: "T-1"));
        Assert.Equal(BotText.Get("router.cancelled"), Assert.Single(cancelled.Sent).Text);

        var after = await TurnAsync(db, [dialog], RecordingTurnContext.Message("bob@acme.test", id: "T-3", parentId: "T-1"));
        Assert.DoesNotContain("Got", Assert.Single(after.Sent).Text);
    }

    [Fact]
    public async Task A_card_submit_reaches_the_waiting_dialog_of_its_flow_and_an_old_card_begins_the_flow_with_the_submit()
    {
        await using var db = new TestDatabase();
        var dialog = new AskingDialog();
        await TurnAsync(db, [dialog], RecordingTurnContext.Message("edit", id: "T-1"));
        var submit = await TurnAsync(db, [dialog], RecordingTurnContext.Submit(new { flow = "edit", step = "confirm", token = "t" }, threadId: "T-1"));
        Assert.Equal("Got confirm", Assert.Single(submit.Sent).Text);

        await TurnAsync(db, [dialog], RecordingTurnContext.Submit(new { flow = "edit", step = "confirm", token = "t" }, threadId: "T-1"));
        Assert.IsType<CardSubmit>(dialog.Begun[^1]);
    }

    [Fact]
    public async Task A_submit_of_an_unknown_flow_is_answered_and_one_without_flow_is_ignored()
    {
        await using var db = new TestDatabase();
        var stale = await TurnAsync(db, [], RecordingTurnContext.Submit(new { flow = "retired", step = "x" }, threadId: "T-1"));
        Assert.Equal(BotText.Get("router.stale.card"), Assert.Single(stale.Sent).Text);
        var foreign = await TurnAsync(db, [], RecordingTurnContext.Submit(new { answer = "42" }, threadId: "T-1"));
        Assert.Empty(foreign.Sent);
    }
}
