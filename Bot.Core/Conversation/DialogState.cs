using System.Text.Json;

namespace LicenseBot.Core.Conversation;

/// <summary>The dialog stack of one thread, persisted in conversation state between turns.</summary>
public sealed class DialogState
{
    /// <summary>Top of the stack first.</summary>
    public List<DialogInstance> Stack { get; set; } = [];
}

/// <summary>A running dialog: its id and its own JSON state (read and written with <see cref="DialogContext.GetState{T}"/>).</summary>
public sealed class DialogInstance
{
    public string Id { get; set; } = "";
    public JsonElement? State { get; set; }
}
