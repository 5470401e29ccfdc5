namespace LicenseBot.Core.Conversation;

/// <summary>A command found in a message: which one, and the text after it.</summary>
public sealed record ParsedCommand(ManifestCommand Command, string Arguments);

/// <summary>Reads a command from message text (mention already stripped) by the manifest's names and aliases.</summary>
public sealed class CommandParser(BotManifest manifest)
{
    private readonly IReadOnlyList<(string Words, ManifestCommand Command)> _byWords = manifest.Commands
        .Where(c => !c.IsFileTrigger)
        .SelectMany(c => c.Words().Select(w => (Words: w, Command: c)))
        .OrderByDescending(x => x.Words.Length) // "move all …" before "move …"
        .ToList();

    /// <summary>
    /// The command the text starts with (case-insensitive, the longest name wins); else, when the message carries a file,
    /// the file-triggered command; else null.
    /// </summary>
    public ParsedCommand? Parse(string? text, bool hasFiles)
    {
        var trimmed = (text ?? string.Empty).Trim().TrimStart('/');
        foreach (var (words, command) in _byWords)
        {
            if (!trimmed.StartsWith(words, StringComparison.OrdinalIgnoreCase)) continue;
            var rest = trimmed[words.Length..];
            if (rest.Length > 0 && !char.IsWhiteSpace(rest[0])) continue;
            return new ParsedCommand(command, rest.Trim());
        }
        if (hasFiles && manifest.Commands.FirstOrDefault(c => c.IsFileTrigger) is { } upload)
        {
            return new ParsedCommand(upload, trimmed);
        }
        return null;
    }
}
