namespace LicenseBot.Core.Conversation;

public enum DialogTurnStatus
{
    /// <summary>No dialog was running to take the turn.</summary>
    Empty,
    /// <summary>The dialog waits for the next activity in its thread (a text reply or a card submit).</summary>
    Waiting,
    /// <summary>The dialog finished; <see cref="DialogTurnResult.Result"/> holds what it returned.</summary>
    Complete,
    Cancelled,
}

public sealed record DialogTurnResult(DialogTurnStatus Status, object? Result = null)
{
    public static DialogTurnResult Waiting { get; } = new(DialogTurnStatus.Waiting);
    public static DialogTurnResult Empty { get; } = new(DialogTurnStatus.Empty);
}
