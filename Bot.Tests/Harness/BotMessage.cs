using System.Text.Json;

namespace LicenseBot.Tests.Harness;

/// <summary>A message the bot posted, with its card (if any) and helpers to read it as an admin would.</summary>
public sealed record BotMessage(string Id, string? ParentId, string RoomId, string? Text, string? Markdown, JsonElement? Card, IReadOnlyList<string> Files)
{
    public sealed record SubmitButton(string Title, JsonElement? Data);

    public bool HasCard => Card is not null;

    /// <summary>Every text on the card (TextBlocks, TextRuns, facts, choice titles, button titles), one per line.</summary>
    public string CardText => Card is { } card ? string.Join("\n", Texts(card)) : string.Empty;

    public static BotMessage From(JsonElement m)
    {
        JsonElement? card = null;
        if (m.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in attachments.EnumerateArray())
            {
                if (a.GetProperty("contentType").GetString() == "application/vnd.microsoft.card.adaptive") card = a.GetProperty("content").Clone();
            }
        }
        return new BotMessage(
            m.GetProperty("id").GetString()!,
            Get(m, "parentId"),
            Get(m, "roomId") ?? "",
            Get(m, "text"),
            Get(m, "markdown"),
            card,
            m.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Array ? files.EnumerateArray().Select(f => f.GetString()!).ToList() : []);
    }

    /// <summary>The card's submit buttons, wherever they sit.</summary>
    public IReadOnlyList<SubmitButton> SubmitActions()
    {
        var found = new List<SubmitButton>();
        if (Card is { } card) Walk(card, found);
        return found;
    }

    private static void Walk(JsonElement node, List<SubmitButton> found)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in node.EnumerateArray()) Walk(item, found);
            return;
        }
        if (node.ValueKind != JsonValueKind.Object) return;
        if (Get(node, "type") == "Action.Submit") found.Add(new SubmitButton(Get(node, "title") ?? "", node.TryGetProperty("data", out var d) ? d.Clone() : null));
        foreach (var property in node.EnumerateObject()) Walk(property.Value, found);
    }

    private static IEnumerable<string> Texts(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in node.EnumerateArray().SelectMany(Texts)) yield return t;
            yield break;
        }
        if (node.ValueKind != JsonValueKind.Object) yield break;
        foreach (var key in new[] { "text", "title", "value" })
        {
            if (node.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && Get(node, "type") != "Input.Text") yield return v.GetString()!;
        }
        foreach (var property in node.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object && p.Name != "data"))
        {
            foreach (var t in Texts(property.Value)) yield return t;
        }
    }

    private static string? Get(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
