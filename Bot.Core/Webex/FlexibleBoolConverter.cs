using System.Text.Json;
using System.Text.Json.Serialization;

namespace LicenseBot.Core.Webex;

/// <summary>Reads a boolean sent either as JSON true/false or as the strings "true"/"false"; writes the string form the spec documents.</summary>
public sealed class FlexibleBoolConverter : JsonConverter<bool?>
{
    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        JsonTokenType.String => bool.TryParse(reader.GetString(), out var b) ? b : null,
        _ => throw new JsonException($"Expected a boolean, got {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value.Value ? "true" : "false");
    }
}
