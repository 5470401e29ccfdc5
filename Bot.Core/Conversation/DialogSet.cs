using LicenseBot.Core.Storage;

namespace LicenseBot.Core.Conversation;

/// <summary>
/// The registered dialogs and the persistence of their stacks: one stack per thread (room + top-level message), so
/// several admins can run flows in one space without crossing.
/// </summary>
public sealed class DialogSet
{
    private readonly Dictionary<string, Dialog> _dialogs;
    private readonly IStorage _storage;

    public DialogSet(IEnumerable<Dialog> dialogs, IStorage storage)
    {
        _dialogs = new Dictionary<string, Dialog>(StringComparer.OrdinalIgnoreCase);
        foreach (var dialog in dialogs)
        {
            if (!_dialogs.TryAdd(dialog.Id, dialog)) throw new InvalidOperationException($"Two dialogs are registered as '{dialog.Id}'.");
        }
        _storage = storage;
    }

    public Dialog? Find(string dialogId) => _dialogs.GetValueOrDefault(dialogId);

    public bool Contains(string dialogId) => _dialogs.ContainsKey(dialogId);

    public IReadOnlyCollection<string> Ids => _dialogs.Keys;

    /// <summary>Loads the stack of the activity's thread.</summary>
    public async Task<DialogContext> CreateContextAsync(ITurnContext turnContext, CancellationToken ct)
    {
        var key = StateKey(turnContext.Activity);
        var stored = await _storage.ReadAsync(key, ct);
        var state = stored?.As<DialogState>() ?? new DialogState();
        return new DialogContext(this, turnContext, state, key, stored?.ETag ?? StoreItem.New);
    }

    internal async Task SaveAsync(DialogContext dc, CancellationToken ct)
    {
        if (dc.State.Stack.Count == 0)
        {
            if (dc.ETag != StoreItem.New) await _storage.DeleteAsync([dc.StateKey], ct);
            dc.ETag = StoreItem.New;
            return;
        }
        dc.ETag = await _storage.WriteAsync(dc.StateKey, StoreItem.From(dc.State, dc.ETag), ct);
    }

    private static string StateKey(Activity activity)
    {
        var room = activity.Conversation?.Id ?? throw new InvalidOperationException("The activity has no conversation.");
        var thread = activity.ThreadId ?? activity.ReplyToId ?? activity.Id ?? "none";
        return $"dialogs/{room}/{thread}";
    }
}
