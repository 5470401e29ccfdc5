using System.Text.Json;
using LicenseBot.Core.Storage;

namespace LicenseBot.Core.Conversation;

/// <summary>
/// The dialog stack of one thread during one turn (Bot Framework's <c>DialogContext</c>). Created by
/// <see cref="DialogSet.CreateContextAsync"/>; <see cref="SaveAsync"/> persists the stack at the end of the turn.
/// </summary>
public sealed class DialogContext
{
    private readonly DialogSet _dialogs;

    internal DialogContext(DialogSet dialogs, ITurnContext context, DialogState state, string stateKey, string? etag)
    {
        _dialogs = dialogs;
        Context = context;
        State = state;
        StateKey = stateKey;
        ETag = etag;
    }

    public ITurnContext Context { get; }

    /// <summary>The registered dialogs (e.g. to tell which commands are available).</summary>
    public DialogSet Dialogs => _dialogs;
    public Activity Activity => Context.Activity;
    public DialogState State { get; }
    internal string StateKey { get; }
    internal string? ETag { get; set; }

    /// <summary>The dialog on top of the stack, or null.</summary>
    public DialogInstance? ActiveDialog => State.Stack.Count > 0 ? State.Stack[0] : null;

    /// <summary>Pushes dialog <paramref name="dialogId"/> and begins it.</summary>
    public async Task<DialogTurnResult> BeginDialogAsync(string dialogId, object? options, CancellationToken ct)
    {
        var dialog = _dialogs.Find(dialogId) ?? throw new InvalidOperationException($"No dialog '{dialogId}' is registered.");
        State.Stack.Insert(0, new DialogInstance { Id = dialogId });
        return await dialog.BeginDialogAsync(this, options, ct);
    }

    /// <summary>Hands the turn to the active dialog; <see cref="DialogTurnStatus.Empty"/> when none is waiting.</summary>
    public async Task<DialogTurnResult> ContinueDialogAsync(CancellationToken ct)
    {
        if (ActiveDialog is not { } active) return DialogTurnResult.Empty;
        var dialog = _dialogs.Find(active.Id);
        if (dialog is null)
        {
            // A dialog that no longer exists (the bot was updated): forget the stale stack rather than fail every turn.
            State.Stack.Clear();
            return DialogTurnResult.Empty;
        }
        return await dialog.ContinueDialogAsync(this, ct);
    }

    /// <summary>Pops the active dialog; its parent (if any) resumes with <paramref name="result"/>.</summary>
    public async Task<DialogTurnResult> EndDialogAsync(object? result, CancellationToken ct)
    {
        if (State.Stack.Count > 0) State.Stack.RemoveAt(0);
        if (ActiveDialog is { } parent && _dialogs.Find(parent.Id) is { } dialog)
        {
            return await dialog.ResumeDialogAsync(this, result, ct);
        }
        return new DialogTurnResult(DialogTurnStatus.Complete, result);
    }

    public Task<DialogTurnResult> CancelAllDialogsAsync(CancellationToken ct)
    {
        _ = ct;
        State.Stack.Clear();
        return Task.FromResult(new DialogTurnResult(DialogTurnStatus.Cancelled));
    }

    /// <summary>Sends <paramref name="prompt"/> (a card or a question) and waits for the next activity in the thread.</summary>
    public async Task<DialogTurnResult> PromptAsync(Activity prompt, CancellationToken ct)
    {
        await Context.SendActivityAsync(prompt, ct);
        return DialogTurnResult.Waiting;
    }

    /// <summary>Sends <paramref name="reply"/> in the thread.</summary>
    public Task<ResourceResponse> ReplyAsync(Activity reply, CancellationToken ct) => Context.SendActivityAsync(reply, ct);

    /// <summary>The active dialog's saved state, or default.</summary>
    public T? GetState<T>() =>
        ActiveDialog?.State is { } json ? json.Deserialize<T>(StorageJson.Options) : default;

    /// <summary>Saves the active dialog's state (persisted with the stack at the end of the turn).</summary>
    public void SetState<T>(T value)
    {
        var active = ActiveDialog ?? throw new InvalidOperationException("No active dialog to keep state for.");
        active.State = JsonSerializer.SerializeToElement(value, StorageJson.Options);
    }

    /// <summary>Persists the stack (or deletes it when empty). Throws <see cref="StorageConcurrencyException"/> when another turn changed it.</summary>
    public Task SaveAsync(CancellationToken ct) => _dialogs.SaveAsync(this, ct);
}
