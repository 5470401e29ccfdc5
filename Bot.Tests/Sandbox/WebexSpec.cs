using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using NJsonSchema;
using NJsonSchema.Validation;

namespace LicenseBot.Tests.Sandbox;

/// <summary>
/// The official Webex OpenAPI specs (<c>shared/webex-openapi</c>), read with Microsoft.OpenApi; validates a JSON
/// body against an operation's response schema with NJsonSchema (OpenAPI 3 rules).
/// </summary>
public sealed class WebexSpec
{
    public const string Admin = "webex-admin.json";
    public const string Messaging = "webex-messaging.json";

    private static readonly Dictionary<string, Lazy<Task<OpenApiDocument>>> Documents = new(StringComparer.Ordinal)
    {
        [Admin] = new(() => LoadAsync(Admin)),
        [Messaging] = new(() => LoadAsync(Messaging)),
    };

    /// <summary>The folder holding the spec files: <c>shared/webex-openapi</c> found beside or above the test run.</summary>
    public static string SpecFolder { get; } = FindSpecFolder();

    private static string FindSpecFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "webex-openapi"), Path.Combine(dir.FullName, "webex-openapi") })
            {
                if (File.Exists(Path.Combine(candidate, Admin))) return candidate;
            }
        }

        return "/work/shared/webex-openapi";
    }

    private static async Task<OpenApiDocument> LoadAsync(string file)
    {
        await using var stream = File.OpenRead(Path.Combine(SpecFolder, file));
        var result = await OpenApiDocument.LoadAsync(stream, "json");
        return result.Document ?? throw new InvalidOperationException($"{file} could not be read: {string.Join("; ", result.Diagnostic?.Errors.Select(e => e.Message) ?? [])}");
    }

    /// <summary>The JSON schema (local references inlined) of <paramref name="method"/> <paramref name="path"/>'s response <paramref name="status"/>.</summary>
    public static async Task<JsonSchema> ResponseSchemaAsync(string file, string path, HttpMethod method, int status)
    {
        var doc = await Documents[file].Value;
        Assert.True(doc.Paths.TryGetValue(path, out var item), $"{file} has no path {path}");
        var operation = item!.Operations!.Single(o => string.Equals(o.Key.ToString(), method.Method, StringComparison.OrdinalIgnoreCase)).Value;
        Assert.True(operation.Responses!.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response), $"{method} {path} documents no {status} response");
        Assert.True(response!.Content is not null && response.Content.TryGetValue("application/json", out var media) && media.Schema is not null, $"{method} {path} {status} has no JSON schema");
        var schema = response.Content["application/json"].Schema!;
        using var text = new StringWriter();
        schema.SerializeAsV3(new OpenApiJsonWriter(text, new OpenApiJsonWriterSettings { InlineLocalReferences = true }));
        return await NJsonSchema.Infrastructure.JsonSchemaSerialization.FromJsonAsync<JsonSchema>(
            text.ToString(), SchemaType.OpenApi3, null,
            JsonReferenceResolver.CreateJsonReferenceResolverFactory(new DefaultTypeNameGenerator()),
            JsonSchema.CreateJsonSerializerContractResolver(SchemaType.OpenApi3), CancellationToken.None);
    }

    /// <summary>Schema errors of <paramref name="json"/> against the response schema; empty when it conforms.</summary>
    public static async Task<IReadOnlyList<string>> ValidateAsync(string file, string path, HttpMethod method, int status, string json)
    {
        var schema = await ResponseSchemaAsync(file, path, method, status);
        return schema.Validate(json, SchemaType.OpenApi3).Select(e => e.ToString()).ToList();
    }
}
