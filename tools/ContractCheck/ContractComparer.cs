using System.Text.Json;
using System.Text.Json.Nodes;

namespace LicenseBot.Tools.ContractCheck;

/// <summary>What <see cref="ContractComparer.Compare"/> found.</summary>
public sealed record ContractReport(int OperationsChecked, int OperationsWithoutSpec, IReadOnlyList<string> Failures, IReadOnlyList<string> KnownDeviations);

/// <summary>
/// Compares our contract (contract/webex-operations.json) with Webex's official OpenAPI 3 documents: for every
/// operation that names an official spec, the path and method exist; every query parameter, request field and
/// response field of ours exists there with the same type, our enum values are among the spec's, our statuses are
/// documented and our error codes appear in the spec's examples. A difference listed in the operation's
/// <c>specDeviations</c> (by its key, the part before ": ") is accepted; a listed deviation that no longer differs is
/// a failure too, so the list stays true.
/// </summary>
public static class ContractComparer
{
    public static ContractReport Compare(JsonNode contract, Func<string, JsonNode?> loadSpec)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(loadSpec);
        var failures = new List<string>();
        var known = new List<string>();
        int checkedOps = 0, withoutSpec = 0;
        var ours = new Resolver(contract);

        foreach (var op in contract["operations"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var method = Str(op["method"]) ?? "?";
            var path = Str(op["path"]) ?? "?";
            var name = $"{method} {path}";
            var file = Str(op["officialSpec"]);
            if (file is null)
            {
                withoutSpec++;
                continue;
            }

            checkedOps++;
            var diffs = new List<(string Key, string Text)>();
            var spec = loadSpec(file);
            if (spec is null)
            {
                failures.Add($"{name}: the official spec {file} is missing");
                continue;
            }

            var theirs = new Resolver(spec);
            var operation = spec["paths"]?[path]?[method.ToLowerInvariant()] as JsonObject;
            if (operation is null)
            {
                diffs.Add(("operation", $"{file} has no {name}"));
            }
            else
            {
                CompareOperation(op, operation, ours, theirs, diffs);
            }

            var deviations = (op["specDeviations"] as JsonObject)?.ToDictionary(kv => kv.Key, kv => Str(kv.Value) ?? "") ?? [];
            foreach (var (key, text) in diffs)
            {
                if (deviations.TryGetValue(key, out var reason)) known.Add($"{name} {key}: {text} — {reason}");
                else failures.Add($"{name} {key}: {text}");
            }

            foreach (var stale in deviations.Keys.Where(k => diffs.All(d => d.Key != k)))
            {
                failures.Add($"{name} {stale}: listed in specDeviations but agrees with {file} (remove it from the list)");
            }
        }

        return new ContractReport(checkedOps, withoutSpec, failures, known);
    }

    private static void CompareOperation(JsonObject op, JsonObject operation, Resolver ours, Resolver theirs, List<(string, string)> diffs)
    {
        var parameters = (operation["parameters"]?.AsArray() ?? []).Select(p => theirs.Deref(p)).OfType<JsonObject>().ToList();
        foreach (var (name, typeNode) in op["query"] as JsonObject ?? [])
        {
            var param = parameters.FirstOrDefault(p => Str(p["name"]) == name && Str(p["in"]) == "query");
            if (param is null)
            {
                diffs.Add(($"query {name}", "not a query parameter in the official spec"));
                continue;
            }
            var specType = Str(theirs.Deref(param["schema"])?["type"]);
            if (specType != Str(typeNode)) diffs.Add(($"query {name}", $"type {Str(typeNode)} here, {specType ?? "none"} in the official spec"));
        }

        if (op["request"] is JsonObject request)
        {
            var contentType = Str(request["contentType"]) ?? "application/json";
            var specSchema = theirs.Deref(theirs.Deref(operation["requestBody"])?["content"]?[contentType]?["schema"]);
            if (specSchema is null) diffs.Add(("request", $"the official spec has no {contentType} request body"));
            else CompareSchema("request", ours.Deref(request["schema"]), specSchema, ours, theirs, diffs, 0);
        }

        var responses = operation["responses"] as JsonObject;
        foreach (var (status, schemaNode) in op["responses"] as JsonObject ?? [])
        {
            var response = theirs.Deref(responses?[status]);
            if (response is null)
            {
                diffs.Add(($"response {status}", "status not documented in the official spec"));
                continue;
            }
            if (schemaNode is not JsonObject ourSchema || ourSchema["binary"] is not null) continue;
            var specSchema = theirs.Deref(response["content"]?["application/json"]?["schema"]);
            if (specSchema is null) diffs.Add(($"response {status}", "the official spec has no JSON schema for it"));
            else CompareSchema($"response {status}", ours.Deref(ourSchema), specSchema, ours, theirs, diffs, 0);
        }

        foreach (var (status, codes) in op["errorCodes"] as JsonObject ?? [])
        {
            var documented = new HashSet<long>();
            CollectErrorCodes(theirs.Deref(responses?[status]), documented);
            foreach (var code in codes?.AsArray() ?? [])
            {
                var value = long.TryParse(code?.ToJsonString(), out var parsed) ? parsed : 0;
                if (!documented.Contains(value)) diffs.Add(($"errorCodes {status} {value}", "not among the error codes of the official spec's examples"));
            }
        }
    }

    private static void CompareSchema(string where, JsonNode? ours, JsonNode? theirs, Resolver ourRefs, Resolver specRefs, List<(string, string)> diffs, int depth)
    {
        if (ours is not JsonObject o || depth > 12) return;
        var t = specRefs.Flatten(theirs);
        var ourType = TypeOf(o);
        var specType = TypeOf(t);
        if (ourType is not null && specType is not null && ourType != specType)
        {
            diffs.Add((where, $"type {ourType} here, {specType} in the official spec"));
            return;
        }

        if (o["enum"] is JsonArray ourEnum && t["enum"] is JsonArray specEnum)
        {
            var allowed = specEnum.Select(v => v?.ToJsonString()).ToHashSet();
            var extra = ourEnum.Select(v => v?.ToJsonString()).Where(v => !allowed.Contains(v)).ToList();
            if (extra.Count > 0) diffs.Add((where, $"enum values {string.Join(", ", extra)} are not in the official spec"));
        }

        if (o["properties"] is JsonObject props)
        {
            var specProps = t["properties"] as JsonObject;
            foreach (var (name, prop) in props)
            {
                var child = Child(where, name);
                var specProp = specProps?[name];
                if (specProp is null)
                {
                    diffs.Add((child, "not in the official spec"));
                    continue;
                }
                CompareSchema(child, ourRefs.Deref(prop), specRefs.Deref(specProp), ourRefs, specRefs, diffs, depth + 1);
            }
        }

        if (o["items"] is JsonNode items)
        {
            var specItems = specRefs.Deref(t["items"]);
            var itemsWhere = where.Contains(':', StringComparison.Ordinal) ? $"{where}[]" : $"{where}: []";
            if (specItems is null) diffs.Add((itemsWhere, "the official spec does not say what the array holds"));
            else CompareSchema(itemsWhere, ourRefs.Deref(items), specItems, ourRefs, specRefs, diffs, depth + 1);
        }
    }

    /// <summary>Keys read like <c>response 200: items[].orgId</c>.</summary>
    private static string Child(string where, string name) =>
        !where.Contains(':', StringComparison.Ordinal) ? $"{where}: {name}" : $"{where}.{name}";

    private static string? TypeOf(JsonObject schema) =>
        Str(schema["type"]) ?? (schema["properties"] is not null ? "object" : schema["items"] is not null ? "array" : null);

    private static void CollectErrorCodes(JsonNode? node, HashSet<long> codes)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "errorCode" && value is JsonValue && long.TryParse(value.ToJsonString(), out var code)) codes.Add(code);
                    else CollectErrorCodes(value, codes);
                }
                break;
            case JsonArray array:
                foreach (var item in array) CollectErrorCodes(item, codes);
                break;
        }
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Follows local <c>$ref</c>s of one document and merges <c>allOf</c>.</summary>
    private sealed class Resolver(JsonNode root)
    {
        public JsonNode? Deref(JsonNode? node)
        {
            for (var hops = 0; hops < 32 && node is JsonObject obj && Str(obj["$ref"]) is { } reference; hops++)
            {
                if (!reference.StartsWith("#/", StringComparison.Ordinal)) return null;
                node = reference[2..].Split('/').Aggregate<string, JsonNode?>(root, (n, part) => n?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]);
            }
            return node;
        }

        /// <summary>The schema with <c>$ref</c> followed and <c>allOf</c> parts merged into one object (properties united).</summary>
        public JsonObject Flatten(JsonNode? node)
        {
            var schema = Deref(node) as JsonObject ?? [];
            if (schema["allOf"] is not JsonArray parts) return schema;
            var merged = new JsonObject();
            var props = new JsonObject();
            foreach (var part in parts.Append(schema))
            {
                var flat = part == schema ? schema : Flatten(part);
                foreach (var (key, value) in flat)
                {
                    if (key == "allOf") continue;
                    if (key == "properties" && value is JsonObject ps)
                    {
                        foreach (var (pn, pv) in ps) props[pn] = pv?.DeepClone();
                    }
                    else merged[key] = value?.DeepClone();
                }
            }
            if (props.Count > 0) merged["properties"] = props;
            return merged;
        }
    }
}
