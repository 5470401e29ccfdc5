using LicenseBot.Core.Cards;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Licensing.Access;
using LicenseBot.Core.Features.Help;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Text;
using LicenseBot.Tests.Harness;
using Moq;

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

    private static async Task<RecordingTurnContext> TurnAsync(TestDatabase db, Dialog[] dialogs, Activity activity, AdminVerdict verdict = AdminVerdict.FullAdmin)
    {
        var set = new DialogSet([new HelpDialog(BotManifest.Current), .. dialogs], new DbStorage(db.Database, db.Time));
        var turn = new RecordingTurnContext(activity);
        var gate = new Mock<IAdminGate>();
        gate.Setup(g => g.CheckAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync(verdict);
        await new CommandRouter(set, new CommandParser(BotManifest.Current), BotManifest.Current, new AdminDoor(gate.Object)).OnTurnAsync(turn, CancellationToken.None);
        return turn;
    }

    [Theory]
    [InlineData(AdminVerdict.OtherOrg, "licensing.refused.otherorg")]
    [InlineData(AdminVerdict.NotAdmin, "licensing.refused.notadmin")]
    [InlineData(AdminVerdict.Unknown, "licensing.refused.unknown")]
    public async Task A_card_click_by_someone_the_gate_refuses_never_reaches_the_flow_but_help_buttons_work_for_anyone(AdminVerdict verdict, string refusal)
    {
        await using var db = new TestDatabase();
        var dialog = new AskingDialog();
        await TurnAsync(db, [dialog], RecordingTurnContext.Message("edit", id: "T-1"));

        var waiting = await TurnAsync(db, [dialog], RecordingTurnContext.Submit(new { flow = "edit", step = "confirm", token = "t" }, threadId: "T-1", personId: "P-GINA"), verdict);
        Assert.Equal(BotText.Get(refusal), Assert.Single(waiting.Sent).Text);
        var old = await TurnAsync(db, [dialog], RecordingTurnContext.Submit(new { flow = "edit", step = "confirm", token = "t" }, threadId: "T-9", personId: "P-GINA"), verdict);
        Assert.Equal(BotText.Get(refusal), Assert.Single(old.Sent).Text);
        Assert.Single(dialog.Begun); // only Alice's command began it

        var help = await TurnAsync(db, [dialog], RecordingTurnContext.Submit(new { flow = "help", step = "show" }, threadId: "T-8", personId: "P-GINA"), verdict);
        Assert.NotNull(Assert.Single(help.Sent).Attachments.SingleOrDefault());

        var owner = await TurnAsync(db, [dialog], RecordingTurnContext.Submit(new { flow = "edit", step = "confirm", token = "t" }, threadId: "T-1"));
        Assert.Equal("Got confirm", Assert.Single(owner.Sent).Text); // the refused clicks left Alice's flow waiting
    }

    [Fact]
    public async Task A_command_typed_by_someone_the_gate_refuses_is_answered_with_the_refusal_and_leaves_the_waiting_flow_alone()
    {
        await using var db = new TestDatabase();
        var dialog = new AskingDialog();
        await TurnAsync(db, [dialog], RecordingTurnContext.Message("edit", id: "T-1"));

        // Gina types a command in Alice's thread: refused before the router touches the dialog waiting there.
        var refused = await TurnAsync(db, [dialog], RecordingTurnContext.Message("edit bob@acme.test", personId: "P-GINA", id: "M-2", parentId: "T-1"), AdminVerdict.OtherOrg);
        Assert.Equal(BotText.Get("licensing.refused.otherorg"), Assert.Single(refused.Sent).Text);
        Assert.Single(dialog.Begun);

        // Commands the manifest opens to everyone pass without asking the gate.
        var help = await TurnAsync(db, [dialog], RecordingTurnContext.Message("help", personId: "P-GINA", id: "M-3"), AdminVerdict.OtherOrg);
        Assert.NotNull(Assert.Single(help.Sent).Attachments.SingleOrDefault());

        var owner = await TurnAsync(db, [dialog], RecordingTurnContext.Submit(new { flow = "edit", step = "confirm", token = "t" }, threadId: "T-1"));
        Assert.Equal("Got confirm", Assert.Single(owner.Sent).Text);
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
