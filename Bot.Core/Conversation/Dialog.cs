namespace LicenseBot.Core.Conversation;

/// <summary>
/// A flow of conversation (Bot Framework's <c>Dialog</c>). Dialogs are stateless singletons: what a running dialog must
/// remember between turns goes into <see cref="DialogContext.SetState{T}"/>, which is persisted with the thread's stack.
/// A dialog's <see cref="Id"/> is the <c>dialog</c> name of its command in <c>manifest/bot.json</c> and the <c>flow</c>
/// in its cards' action data.
/// </summary>
public abstract class Dialog(string id)
{
    public string Id { get; } = id;

    /// <summary>
    /// Starts the dialog. <paramref name="options"/>: a <see cref="CommandInvocation"/> when started by a text command,
    /// a <see cref="CardSubmit"/> when started by a click on one of its cards with no dialog of its own waiting
    /// (an old card: answer it, e.g. "this confirmation has expired"), or whatever a parent dialog passed.
    /// </summary>
    public abstract Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct);

    /// <summary>The next activity in the thread while this dialog waits (a text reply or a card submit). Default: end.</summary>
    public virtual Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken ct) => dc.EndDialogAsync(null, ct);

    /// <summary>A child dialog ended with <paramref name="result"/>. Default: end too, passing the result up.</summary>
    public virtual Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, object? result, CancellationToken ct) => dc.EndDialogAsync(result, ct);
}

/// <summary>How a text command started a dialog: the manifest entry, the words after the command, and the whole text.</summary>
public sealed record CommandInvocation(string Command, string Arguments, string Text)
{
    /// <summary>The first word of a command's arguments (an e-mail address, a job id), or null.</summary>
    public static string? FirstWord(string? arguments) =>
        arguments?.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is [var first, ..] ? first : null;
}
