using System.Text.Json;
using System.Text.Json.Serialization;

namespace LicenseBot.Core.Cards;

/// <summary>How cards are written: camelCase properties and enum values, unset properties left out.</summary>
public static class CardJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize(AdaptiveCard card) => JsonSerializer.Serialize(card, Options);

    public static JsonElement ToElement(AdaptiveCard card) => JsonSerializer.SerializeToElement(card, Options);

    public static AdaptiveCard Deserialize(string json) =>
        JsonSerializer.Deserialize<AdaptiveCard>(json, Options) ?? throw new JsonException("The card JSON is null.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
