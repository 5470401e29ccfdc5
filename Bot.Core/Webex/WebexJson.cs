using System.Text.Json;
using System.Text.Json.Serialization;

namespace LicenseBot.Core.Webex;

/// <summary>The one JSON setup for both sides of the Webex boundary: camelCase names, nulls left out, as Webex sends them.</summary>
public static class WebexJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
