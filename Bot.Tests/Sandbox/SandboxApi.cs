using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LicenseBot.Tests.Sandbox;

/// <summary>Terse JSON helpers for the sandbox tests.</summary>
internal static class SandboxApi
{
    public static async Task<(int Status, JsonElement Json, HttpResponseMessage Response)> SendAsync(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, json, response);
    }

    public static Task<(int Status, JsonElement Json, HttpResponseMessage Response)> GetJsonAsync(this HttpClient client, string path) => client.SendAsync(HttpMethod.Get, path);

    public static Task<(int Status, JsonElement Json, HttpResponseMessage Response)> PostJsonAsync(this HttpClient client, string path, object body) => client.SendAsync(HttpMethod.Post, path, body);

    public static Task<(int Status, JsonElement Json, HttpResponseMessage Response)> PatchJsonAsync(this HttpClient client, string path, object body) => client.SendAsync(HttpMethod.Patch, path, body);

    public static int ErrorCode(this JsonElement error) => error.GetProperty("errors")[0].GetProperty("errorCode").GetInt32();

    public static List<string> Strings(this JsonElement array) => array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().Select(e => e.GetString()!).ToList() : [];

    public static string Str(this JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}
