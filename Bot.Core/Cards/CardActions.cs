using System.Text.Json.Serialization;

namespace LicenseBot.Core.Cards;

/// <summary>A button. Only Submit, OpenUrl and ShowCard: Webex does not do Execute, and ToggleVisibility is avoided.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SubmitAction), "Action.Submit")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
[JsonDerivedType(typeof(ShowCardAction), "Action.ShowCard")]
public abstract record CardAction(string Title)
{
    public string? Id { get; init; }
    public ActionStyle? Style { get; init; }
}

/// <summary>Submits the card's inputs merged with <see cref="Data"/> (<c>{flow, step, token, …}</c>).</summary>
public sealed record SubmitAction(string Title, CardActionData Data) : CardAction(Title);

public sealed record OpenUrlAction(string Title, string Url) : CardAction(Title);

/// <summary>Reveals a sub-card (e.g. more inputs) below the buttons.</summary>
public sealed record ShowCardAction(string Title, AdaptiveCard Card) : CardAction(Title);

/// <summary>
/// The data of every submit: which <see cref="Flow"/> (the dialog id) and <see cref="Step"/> it belongs to, and the
/// confirmation <see cref="Token"/> when it confirms a change; <see cref="Extra"/> carries flow-specific values
/// (strings, never named like an input id). An old card clicked later is recognised by these fields.
/// </summary>
public sealed record CardActionData(string Flow, string Step, string? Token = null)
{
    [JsonExtensionData]
    public IDictionary<string, object>? Extra { get; init; }

    /// <summary>The same data with one more value.</summary>
    public CardActionData With(string key, string value) =>
        this with { Extra = new Dictionary<string, object>(Extra ?? new Dictionary<string, object>()) { [key] = value } };
}
