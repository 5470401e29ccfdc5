using System.Text.Json;
using LicenseBot.Tests.Harness;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Dialogs;

/// <summary>Helpers for licence transcripts: what a Webex client submits, and what the simulator holds.</summary>
internal static class EditLicenceTranscript
{

    /// <summary>Every input on the card with its current value, as a Webex client submits them, with <paramref name="changes"/> applied.</summary>
    public static Dictionary<string, string> Inputs(BotMessage card, params (string Id, string Value)[] changes)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (card.Card is { } json) Walk(json, inputs);
        foreach (var (id, value) in changes) inputs[id] = value;
        return inputs;
    }

    private static void Walk(JsonElement node, Dictionary<string, string> inputs)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in node.EnumerateArray()) Walk(item, inputs);
            return;
        }
        if (node.ValueKind != JsonValueKind.Object) return;
        if (node.TryGetProperty("type", out var type) && type.GetString()?.StartsWith("Input.", StringComparison.Ordinal) == true
            && node.TryGetProperty("id", out var id))
        {
            inputs[id.GetString()!] = node.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        }
        foreach (var property in node.EnumerateObject()) Walk(property.Value, inputs);
    }

    public static async Task<List<string>> LicencesAsync(BotSpace space, string personId) =>
        (await space.UserAsync(personId)).Licences.Order().ToList();

    public static async Task<string> CallingAsync(BotSpace space, string personId) =>
        (await space.InspectAsync(personId)).GetProperty("calling").GetRawText();
}
