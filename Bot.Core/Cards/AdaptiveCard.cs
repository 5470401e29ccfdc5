using System.Text.Json.Serialization;

namespace LicenseBot.Core.Cards;

/// <summary>
/// An Adaptive Card 1.3 limited to what Webex renders (docs/cards.md): the only way the bot builds cards.
/// Serialize with <see cref="CardJson"/>. At most <see cref="MaxActions"/> actions per card, counting action sets.
/// </summary>
public sealed record AdaptiveCard
{
    public const int MaxActions = 5;

    [JsonPropertyName("type")] public string Type => "AdaptiveCard";
    [JsonPropertyName("$schema")] public string Schema => "http://adaptivecards.io/schemas/adaptive-card.json";
    public string Version => "1.3";
    public IReadOnlyList<CardElement> Body { get; init; } = [];
    public IReadOnlyList<CardAction>? Actions { get; init; }

    /// <summary>Every action on the card: top-level, in action sets, and in shown cards (Webex counts them all).</summary>
    public IEnumerable<CardAction> AllActions() =>
        (Actions ?? []).Concat(CardTree.Elements(Body).OfType<ActionSet>().SelectMany(s => s.Actions));

    /// <summary>Every input on the card, nested ones included.</summary>
    public IEnumerable<CardInput> AllInputs() => CardTree.Elements(Body).OfType<CardInput>();
}

internal static class CardTree
{
    public static IEnumerable<CardElement> Elements(IEnumerable<CardElement> elements)
    {
        foreach (var element in elements)
        {
            yield return element;
            var children = element switch
            {
                Container c => c.Items,
                ColumnSet s => s.Columns.SelectMany(col => col.Items),
                _ => [],
            };
            foreach (var child in Elements(children)) yield return child;
        }
    }
}
