using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace LicenseBot.Tests.Contract;

/// <summary>
/// The repository's own description of the Webex operations the bot and the sandbox use
/// (<c>contract/webex-operations.json</c>, embedded in this assembly at build): operations by method and path,
/// and their schemas as NJsonSchema validators. Strict: an object schema that lists properties allows no others.
/// </summary>
public static class WebexContract
{
    public static JsonObject Document { get; } = Load();

    public static IReadOnlyList<ContractOperation> Operations { get; } =
        Document["operations"]!.AsArray().OfType<JsonObject>().Select(o => new ContractOperation(o)).ToList();

    private static JsonObject Load()
    {
        using var stream = typeof(WebexContract).Assembly.GetManifestResourceStream("webex-operations.json")
            ?? throw new InvalidOperationException("contract/webex-operations.json is not embedded in Bot.Tests (see Bot.Tests.csproj).");
        return JsonNode.Parse(stream)!.AsObject();
    }

    public static ContractOperation Get(string id) => Operations.Single(o => o.Id == id);

    /// <summary>The operation whose method and path template match <paramref name="relativePath"/> (no query), or null.</summary>
    public static ContractOperation? Match(HttpMethod method, string relativePath) =>
        Operations.Where(o => string.Equals(o.Method, method.Method, StringComparison.OrdinalIgnoreCase) && o.Matches(relativePath))
            .OrderBy(o => o.Path.Count(c => c == '{')) // "/people/me" before "/people/{personId}"
            .FirstOrDefault();

    /// <summary>A named schema (or any schema node) with every <c>$ref</c> inlined and objects closed.</summary>
    public static JsonNode Resolve(JsonNode? schema)
    {
        switch (schema)
        {
            case JsonObject obj when obj["$ref"]?.GetValue<string>() is { } reference:
                const string prefix = "#/schemas/";
                if (!reference.StartsWith(prefix, StringComparison.Ordinal)) throw new InvalidOperationException($"Unsupported $ref {reference}");
                return Resolve(Document["schemas"]![reference[prefix.Length..]] ?? throw new InvalidOperationException($"No schema {reference}"));
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = key switch
                    {
                        "properties" => new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Resolve(p.Value)))),
                        "items" => Resolve(value),
                        _ => value?.DeepClone(),
                    };
                }
                if (copy["properties"] is not null && copy["additionalProperties"] is null) copy["additionalProperties"] = false;
                return copy;
            default:
                return schema?.DeepClone() ?? new JsonObject();
        }
    }

    private static readonly Dictionary<string, JsonSchema> Validators = new(StringComparer.Ordinal);

    /// <summary>The validator of <paramref name="schema"/>, built once per distinct schema text.</summary>
    public static JsonSchema Validator(JsonNode? schema)
    {
        var text = Resolve(schema).ToJsonString();
        lock (Validators)
        {
            if (!Validators.TryGetValue(text, out var validator))
            {
                validator = JsonSchema.FromJsonAsync(text).GetAwaiter().GetResult();
                Validators[text] = validator;
            }
            return validator;
        }
    }

    /// <summary>Schema errors of <paramref name="json"/>; empty when it conforms.</summary>
    public static IReadOnlyList<string> Validate(JsonNode? schema, string json) =>
        Validator(schema).Validate(json).Select(e => e.ToString()).ToList();

    /// <summary>
    /// An instance of <paramref name="schema"/>: with <paramref name="full"/> every property filled (the most a
    /// client may receive), else only the required ones (the least). Strings are "x" or the first enum value,
    /// numbers 1, booleans true, arrays one item.
    /// </summary>
    public static JsonNode Instance(JsonNode? schema, bool full)
    {
        var s = Resolve(schema).AsObject();
        if (s["enum"] is JsonArray values) return values[0]!.DeepClone();
        switch (s["type"]?.GetValue<string>())
        {
            case "string": return JsonValue.Create("x");
            case "number": case "integer": return JsonValue.Create(1);
            case "boolean": return JsonValue.Create(true);
            case "array": return full ? new JsonArray(Instance(s["items"], full)) : new JsonArray();
            default:
                var required = s["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
                var obj = new JsonObject();
                foreach (var (name, prop) in s["properties"] as JsonObject ?? [])
                {
                    if (full || required.Contains(name)) obj[name] = Instance(prop, full);
                }
                return obj;
        }
    }
}

/// <summary>One operation of the contract.</summary>
public sealed class ContractOperation(JsonObject node)
{
    public JsonObject Node { get; } = node;
    public string Id => Node["id"]!.GetValue<string>();
    public string Method => Node["method"]!.GetValue<string>();
    public string Path => Node["path"]!.GetValue<string>();
    public bool UsedByClient => Node["usedBy"]!.AsArray().Any(u => u!.GetValue<string>() == "client");
    public bool ServedBySandbox => Node["usedBy"]!.AsArray().Any(u => u!.GetValue<string>() == "sandbox");
    public IReadOnlyCollection<string> QueryParameters => (Node["query"] as JsonObject)?.Select(p => p.Key).ToList() ?? [];
    public string? RequestContentType => Node["request"]?["contentType"]?.GetValue<string>();
    public JsonNode? RequestSchema => Node["request"]?["schema"];
    public IReadOnlyCollection<string> MultipartFields => Node["multipartFields"]?.AsArray().Select(f => f!.GetValue<string>()).ToList() ?? [];
    public IReadOnlyDictionary<int, JsonNode?> Responses =>
        Node["responses"]!.AsObject().ToDictionary(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture), r => r.Value);
    public IReadOnlyCollection<int> ErrorCodes(int status) =>
        Node["errorCodes"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?.AsArray().Select(c => c!.GetValue<int>()).ToList() ?? [];

    /// <summary>Whether <paramref name="relativePath"/> (like <c>/people/P1</c>) fits this operation's path template.</summary>
    public bool Matches(string relativePath)
    {
        var want = Path.Trim('/').Split('/');
        var have = relativePath.Trim('/').Split('/');
        return want.Length == have.Length && want.Zip(have).All(p => p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.Ordinal));
    }

    public override string ToString() => $"{Method} {Path} ({Id})";
}

/// <summary>The contract's error body (<c>#/schemas/Error</c>).</summary>
public static class ContractSchemas
{
    public static readonly JsonNode Error = JsonNode.Parse("""{"$ref": "#/schemas/Error"}""")!;
}
