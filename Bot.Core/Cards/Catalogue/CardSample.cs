using System.Text.Json;

namespace LicenseBot.Core.Cards.Catalogue;

/// <summary>
/// One card the bot can send, as it would go out: the card JSON and the markdown fallback that travels with it.
/// <see cref="Flow"/> groups samples (the flow's name: <c>help</c>, <c>edit</c>, …); <see cref="Name"/> says which
/// state of the flow it shows ("Confirm a move", "Blocked by R3").
/// </summary>
public sealed record CardSample(string Flow, string Name, JsonElement Card, string FallbackMarkdown);
