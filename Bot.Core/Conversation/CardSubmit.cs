using System.Text.Json;

namespace LicenseBot.Core.Conversation;

/// <summary>
/// A card submit, read from an invoke activity's <see cref="Activity.Value"/>: the action's <c>{flow, step, token}</c>
/// and the card's inputs. Webex sends every input value as a string (toggles as their valueOn/valueOff, multi-select
/// choice sets comma-joined); anything else is kept as its raw JSON text.
/// </summary>
public sealed record CardSubmit(string Flow, string Step, string? Token, IReadOnlyDictionary<string, string> Inputs)
{
    public const string FlowKey = "flow";
    public const string StepKey = "step";
    public const string TokenKey = "token";

    /// <summary>An input's value, or null when absent or empty.</summary>
    public string? Get(string inputId) => Inputs.TryGetValue(inputId, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    /// <summary>The submit of an invoke; null when the activity is not one or lacks <c>flow</c>/<c>step</c> (not a card of this bot).</summary>
    public static CardSubmit? From(Activity activity)
    {
        if (!activity.IsInvoke || activity.Value is not { ValueKind: JsonValueKind.Object } value) return null;
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            inputs[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Null => string.Empty,
                _ => property.Value.GetRawText(),
            };
        }
        if (!inputs.TryGetValue(FlowKey, out var flow) || !inputs.TryGetValue(StepKey, out var step) || flow.Length == 0) return null;
        inputs.Remove(FlowKey);
        inputs.Remove(StepKey);
        inputs.Remove(TokenKey, out var token);
        return new CardSubmit(flow, step, string.IsNullOrEmpty(token) ? null : token, inputs);
    }
}
