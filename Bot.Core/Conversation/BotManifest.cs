using System.Text.Json;

namespace LicenseBot.Core.Conversation;

/// <summary>
/// <c>manifest/bot.json</c>, embedded in Bot.Core: the bot's name, its commands (with the dialog that implements each),
/// the webhooks it registers and the scopes it needs. The command router, the help card and the webhook registration
/// all read it, so a command exists in one place only.
/// </summary>
public sealed record BotManifest(string Name, string Description, string Version, IReadOnlyList<ManifestCommand> Commands, IReadOnlyList<ManifestWebhook> Webhooks, ManifestScopes Scopes)
{
    /// <summary>
    /// Whether running dialog <paramref name="dialogId"/> (by its command or by a click on its cards) needs an admin: yes
    /// unless a command of that dialog says <c>"admin": false</c>; a dialog no command names needs one too (closed by default).
    /// </summary>
    public bool NeedsAdmin(string dialogId) =>
        !Commands.Any(c => !c.Admin && string.Equals(c.Dialog, dialogId, StringComparison.OrdinalIgnoreCase));

    public const string ResourceName = "LicenseBot.manifest.bot.json";

    private static readonly Lazy<BotManifest> Embedded = new(Load);

    public static BotManifest Current => Embedded.Value;

    public static BotManifest Parse(string json) =>
        JsonSerializer.Deserialize<BotManifest>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip })
        ?? throw new InvalidDataException("manifest/bot.json is empty.");

    private static BotManifest Load()
    {
        using var stream = typeof(BotManifest).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in Bot.Core.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}

/// <summary>
/// A command: <see cref="Name"/> (one or more words) and <see cref="Aliases"/> as typed, the <see cref="Dialog"/> that runs
/// it (the help card lists it only once that dialog is registered), <see cref="Trigger"/> <c>text</c> or <c>file</c>
/// (an upload), whether it <see cref="Changes"/> licences, and whether only an <see cref="Admin"/> may run it and click its
/// cards (the default: a command is open to everyone only when the manifest says <c>"admin": false</c>). Its help
/// sentence is <c>help.command.{Name}</c> in en.json.
/// </summary>
public sealed record ManifestCommand(string Name, string Dialog, string Usage, IReadOnlyList<string>? Examples = null, IReadOnlyList<string>? Aliases = null, string Trigger = "text", bool Changes = false, bool Admin = true)
{
    public bool IsFileTrigger => Trigger == "file";

    public IEnumerable<string> Words() => [Name, .. Aliases ?? []];
}

public sealed record ManifestWebhook(string Name, string Resource, string Event);

public sealed record ManifestScopes(IReadOnlyList<string> Bot, IReadOnlyList<string> Admin);
