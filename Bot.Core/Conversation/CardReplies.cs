using LicenseBot.Core.Cards;

namespace LicenseBot.Core.Conversation;

/// <summary>Sending cards: always with a markdown fallback, always in the command's thread.</summary>
public static class CardReplies
{
    /// <summary>The card as an outgoing activity; <paramref name="fallbackMarkdown"/> is shown by clients that cannot draw cards.</summary>
    public static Activity ToActivity(this AdaptiveCard card, string fallbackMarkdown) => Activity.CreateCard(card, fallbackMarkdown);

    /// <summary>Sends the card in the thread of the turn's activity.</summary>
    public static Task<ResourceResponse> SendCardAsync(this ITurnContext turn, AdaptiveCard card, string fallbackMarkdown, CancellationToken ct) =>
        turn.SendActivityAsync(card.ToActivity(fallbackMarkdown), ct);

    /// <summary>Sends markdown text in the thread of the turn's activity.</summary>
    public static Task<ResourceResponse> SendTextAsync(this ITurnContext turn, string markdown, CancellationToken ct) =>
        turn.SendActivityAsync(Activity.CreateMessage(markdown), ct);
}
