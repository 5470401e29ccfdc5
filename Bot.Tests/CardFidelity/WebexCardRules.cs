using System.Text;
using System.Text.Json;

namespace LicenseBot.Tests.CardFidelity;

/// <summary>
/// A fast structural check of card JSON against what Webex shows (docs/cards.md), independent of how the card was
/// built: the element and action types Webex draws, no property Webex draws unevenly, at most 5 actions, under
/// 20 KB, Submit data an object that does not reuse an input id, and a fallback text within Webex's limit.
/// The browser test (<see cref="CardRendererTests"/>) checks the same cards with the official renderer.
/// </summary>
internal static class WebexCardRules
{
    public const int MaxActions = 5;
    public const int MaxCardBytes = 20_000;
    public const int MaxFallbackBytes = 7_439;

    public static readonly IReadOnlySet<string> ElementTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "TextBlock", "Container", "ColumnSet", "FactSet", "Image", "ImageSet", "RichTextBlock", "ActionSet",
        "Input.Text", "Input.Number", "Input.Date", "Input.Time", "Input.Toggle", "Input.ChoiceSet",
    };

    public static readonly IReadOnlySet<string> ActionTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "Action.Submit", "Action.OpenUrl", "Action.ShowCard",
    };

    /// <summary>Drawn unevenly by Webex clients or newer than 1.3 (docs/cards.md: "avoided" / "never").</summary>
    private static readonly IReadOnlySet<string> AvoidedProperties = new HashSet<string>(StringComparer.Ordinal)
    {
        "backgroundImage", "minHeight", "rtl", "refresh", "authentication",
    };

    public static IReadOnlyList<string> Check(JsonElement card, string? fallbackMarkdown)
    {
        var problems = new List<string>();
        if (card.ValueKind != JsonValueKind.Object)
        {
            return ["The card is not a JSON object."];
        }
        if (Text(card, "type") != "AdaptiveCard") problems.Add($"card.type is '{Text(card, "type")}', not 'AdaptiveCard'.");
        if (Text(card, "version") != "1.3") problems.Add($"card.version is '{Text(card, "version")}'; the bot declares '1.3'.");

        var inputIds = new HashSet<string>(StringComparer.Ordinal);
        var submitData = new List<(string Path, JsonElement Data)>();
        var actions = VisitCard(card, "card", problems, inputIds, submitData);
        if (actions > MaxActions) problems.Add($"{actions} actions; Webex shows at most {MaxActions}.");

        foreach (var (path, data) in submitData)
        {
            if (data.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{path}: Action.Submit data must be an object (Webex loses any other data).");
                continue;
            }
            foreach (var key in data.EnumerateObject().Select(p => p.Name).Where(inputIds.Contains))
            {
                problems.Add($"{path}: data key '{key}' is also an input id; the data would overwrite what the admin entered.");
            }
        }

        var bytes = Encoding.UTF8.GetByteCount(card.GetRawText());
        if (bytes > MaxCardBytes) problems.Add($"The card is {bytes} bytes; keep it under {MaxCardBytes}.");
        if (string.IsNullOrWhiteSpace(fallbackMarkdown)) problems.Add("No fallback text for clients that cannot show cards.");
        else if (Encoding.UTF8.GetByteCount(fallbackMarkdown) > MaxFallbackBytes) problems.Add($"The fallback text is over {MaxFallbackBytes} bytes.");
        return problems;
    }

    /// <summary>Checks a card (or a shown sub-card) and returns how many actions it shows.</summary>
    private static int VisitCard(JsonElement card, string path, List<string> problems, HashSet<string> inputIds, List<(string, JsonElement)> submits)
    {
        CheckProperties(card, path, problems);
        var count = 0;
        foreach (var (item, i) in Items(card, "body")) count += VisitElement(item, $"{path}.body[{i}]", problems, inputIds, submits);
        foreach (var (action, i) in Items(card, "actions"))
        {
            VisitAction(action, $"{path}.actions[{i}]", problems, inputIds, submits);
            count++;
        }
        return count;
    }

    private static int VisitElement(JsonElement element, string path, List<string> problems, HashSet<string> inputIds, List<(string, JsonElement)> submits)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: not an element object.");
            return 0;
        }
        var type = Text(element, "type");
        if (type is null || !ElementTypes.Contains(type))
        {
            problems.Add($"{path}: element type '{type}' is not one Webex shows.");
            return 0;
        }
        CheckProperties(element, path, problems);
        if (type.StartsWith("Input.", StringComparison.Ordinal) && Text(element, "id") is { } id && !inputIds.Add(id))
        {
            problems.Add($"{path}: input id '{id}' is used twice.");
        }
        if (type == "Image" && Text(element, "url") is { } url && url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{path}: image data URIs are drawn unevenly by Webex clients.");
        }

        var count = 0;
        foreach (var (item, i) in Items(element, "items")) count += VisitElement(item, $"{path}.items[{i}]", problems, inputIds, submits);
        foreach (var (column, c) in Items(element, "columns"))
        {
            CheckProperties(column, $"{path}.columns[{c}]", problems);
            foreach (var (item, i) in Items(column, "items")) count += VisitElement(item, $"{path}.columns[{c}].items[{i}]", problems, inputIds, submits);
            if (column.TryGetProperty("selectAction", out var columnSelect)) VisitAction(columnSelect, $"{path}.columns[{c}].selectAction", problems, inputIds, submits);
        }
        foreach (var (inline, i) in Items(element, "inlines"))
        {
            if (inline.ValueKind == JsonValueKind.Object && Text(inline, "type") is { } inlineType && inlineType != "TextRun")
            {
                problems.Add($"{path}.inlines[{i}]: inline type '{inlineType}' is not a TextRun.");
            }
        }
        if (type == "ActionSet")
        {
            foreach (var (action, i) in Items(element, "actions"))
            {
                VisitAction(action, $"{path}.actions[{i}]", problems, inputIds, submits);
                count++;
            }
        }
        if (element.TryGetProperty("selectAction", out var select)) VisitAction(select, $"{path}.selectAction", problems, inputIds, submits);
        return count;
    }

    private static void VisitAction(JsonElement action, string path, List<string> problems, HashSet<string> inputIds, List<(string, JsonElement)> submits)
    {
        var type = action.ValueKind == JsonValueKind.Object ? Text(action, "type") : null;
        if (type is null || !ActionTypes.Contains(type))
        {
            problems.Add($"{path}: action type '{type}' is not one Webex shows.");
            return;
        }
        CheckProperties(action, path, problems);
        if (string.IsNullOrWhiteSpace(Text(action, "title"))) problems.Add($"{path}: the button has no title.");
        if (type == "Action.Submit" && action.TryGetProperty("data", out var data)) submits.Add((path, data));
        if (type == "Action.ShowCard" && action.TryGetProperty("card", out var card))
        {
            var shown = VisitCard(card, $"{path}.card", problems, inputIds, submits);
            if (shown > MaxActions) problems.Add($"{path}.card: {shown} actions; Webex shows at most {MaxActions}.");
        }
    }

    private static void CheckProperties(JsonElement node, string path, List<string> problems)
    {
        foreach (var property in node.EnumerateObject().Where(p => AvoidedProperties.Contains(p.Name)))
        {
            problems.Add($"{path}: '{property.Name}' is not shown reliably by Webex clients.");
        }
    }

    private static IEnumerable<(JsonElement Item, int Index)> Items(JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select((item, i) => (item, i))
            : [];

    private static string? Text(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
