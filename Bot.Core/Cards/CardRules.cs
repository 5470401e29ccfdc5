using System.Text;

namespace LicenseBot.Core.Cards;

/// <summary>Webex's limits that the type system cannot express (docs/cards.md); card builder tests assert <see cref="Check"/> is empty.</summary>
public static class CardRules
{
    /// <summary>Cards stay well under what Webex accepts; long lists are paged and attached as CSV.</summary>
    public const int MaxBytes = 20_000;

    private static readonly HashSet<string> ReservedIds = new(StringComparer.Ordinal) { "flow", "step", "token" };

    public static IReadOnlyList<string> Check(AdaptiveCard card)
    {
        var problems = new List<string>();
        var actions = card.AllActions().ToList();
        if (actions.Count > AdaptiveCard.MaxActions) problems.Add($"{actions.Count} actions; Webex shows at most {AdaptiveCard.MaxActions}.");
        foreach (var input in card.AllInputs())
        {
            if (string.IsNullOrWhiteSpace(input.Id)) problems.Add($"An {input.GetType().Name} has no id.");
            else if (ReservedIds.Contains(input.Id)) problems.Add($"Input id '{input.Id}' collides with the action data.");
            if (input.IsRequired == true && string.IsNullOrWhiteSpace(input.ErrorMessage)) problems.Add($"Required input '{input.Id}' has no error message.");
        }
        var ids = card.AllInputs().Select(i => i.Id).Where(id => id is not null).GroupBy(id => id).Where(g => g.Count() > 1);
        problems.AddRange(ids.Select(g => $"Input id '{g.Key}' is used twice."));
        var bytes = Encoding.UTF8.GetByteCount(CardJson.Serialize(card));
        if (bytes > MaxBytes) problems.Add($"The card is {bytes} bytes; keep it under {MaxBytes}.");
        return problems;
    }
}
