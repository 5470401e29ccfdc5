using System.Text.Json;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Conversation;

namespace LicenseBot.Host.DevConsole;

/// <summary>
/// One card the bot can send, as it would go out: the card JSON and the markdown fallback that travels with it.
/// <see cref="Flow"/> groups samples (the flow's name: <c>help</c>, <c>edit</c>, …); <see cref="Name"/> says which
/// state of the flow it shows ("Confirm a move", "Blocked by R3").
/// </summary>
public sealed record CardSample(string Flow, string Name, JsonElement Card, string FallbackMarkdown)
{
    /// <summary>A sample of a typed card and its fallback, serialized exactly as the bot sends it.</summary>
    public static CardSample Of(string flow, string name, AdaptiveCard card, string fallbackMarkdown) =>
        new(flow, name, CardJson.ToElement(card), fallbackMarkdown);

    /// <summary>A sample of an outgoing card activity (what a dialog sends: one card attachment, the fallback as text).</summary>
    public static CardSample Of(string flow, string name, Activity activity)
    {
        var attachment = activity.Attachments.SingleOrDefault(a => a.ContentType == Attachment.AdaptiveCardContentType)
            ?? throw new ArgumentException($"The '{name}' sample of flow '{flow}' sends no card.", nameof(activity));
        var card = attachment.Content switch
        {
            AdaptiveCard typed => CardJson.ToElement(typed),
            JsonElement json => json,
            var other => JsonSerializer.SerializeToElement(other, CardJson.Options),
        };
        return new(flow, name, card, activity.Text ?? string.Empty);
    }
}
