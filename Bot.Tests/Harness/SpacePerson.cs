using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LicenseBot.Tests.Harness;

/// <summary>A seeded person acting through the simulated Webex API (their own token), as a Webex client would.</summary>
public sealed class SpacePerson(ISpace space, string emailOrId)
{
    private (string Id, string Email, string DisplayName, string Token)? _identity;

    public async Task<string> IdAsync() => (await IdentityAsync()).Id;

    /// <summary>Posts <paramref name="markdown"/> in the room (in <paramref name="threadId"/>'s thread when given). Mentions are written as
    /// <c>&lt;@personId:ID|Name&gt;</c>; see <see cref="MentionAsync"/>.</summary>
    public async Task<PostedMessage> SayAsync(string roomId, string markdown, string? threadId = null)
    {
        var body = new Dictionary<string, string> { ["roomId"] = roomId, ["markdown"] = markdown };
        if (threadId is not null) body["parentId"] = threadId;
        var sent = await space.Client.SendAsync(HttpMethod.Post, "messages", (await IdentityAsync()).Token, JsonContent(body));
        return new PostedMessage(sent.GetProperty("id").GetString()!, roomId, sent.TryGetProperty("parentId", out var p) ? p.GetString() : null);
    }

    /// <summary>Says <paramref name="text"/> after a mention of the bot, as a group space needs.</summary>
    public Task<PostedMessage> MentionAsync(string roomId, string text, string? threadId = null) =>
        SayAsync(roomId, $"<@personId:{space.BotId}|{space.BotName}> {text}", threadId);

    /// <summary>Uploads a file (multipart, as a Webex client does), with an optional mention text.</summary>
    public async Task<PostedMessage> UploadAsync(string roomId, string fileName, byte[] content, string? markdown = null, string contentType = "text/csv", string? threadId = null)
    {
        using var form = new MultipartFormDataContent { { new StringContent(roomId), "roomId" } };
        if (markdown is not null) form.Add(new StringContent(markdown), "markdown");
        if (threadId is not null) form.Add(new StringContent(threadId), "parentId");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "files", fileName);
        var sent = await space.Client.SendAsync(HttpMethod.Post, "messages", (await IdentityAsync()).Token, form);
        return new PostedMessage(sent.GetProperty("id").GetString()!, roomId, threadId);
    }

    /// <summary>
    /// Clicks the submit button whose title starts with <paramref name="actionTitleStartsWith"/> (top-level, in an action set,
    /// or inside a show-card) on <paramref name="card"/>, with <paramref name="inputs"/> (an object or dictionary of input id → string).
    /// The action's data is merged over the inputs, as Webex clients do.
    /// </summary>
    public async Task<string> SubmitAsync(BotMessage card, string actionTitleStartsWith, object? inputs = null)
    {
        var action = card.SubmitActions().FirstOrDefault(a => a.Title.StartsWith(actionTitleStartsWith, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"No submit button starting with '{actionTitleStartsWith}' on the card; it has: {string.Join(", ", card.SubmitActions().Select(a => a.Title))}.");
        var merged = inputs is null ? new JsonObject() : JsonSerializer.SerializeToNode(inputs)!.AsObject();
        if (action.Data is { ValueKind: JsonValueKind.Object } data)
        {
            foreach (var property in data.EnumerateObject()) merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        }
        var sent = await space.Client.SendAsync(HttpMethod.Post, "attachment/actions", (await IdentityAsync()).Token,
            JsonContent(new { type = "submit", messageId = card.Id, inputs = merged }));
        return sent.GetProperty("id").GetString()!;
    }

    private async Task<(string Id, string Email, string DisplayName, string Token)> IdentityAsync() =>
        _identity ??= await space.Client.IdentityAsync(emailOrId);

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}

/// <summary>A message a person posted; <see cref="Id"/> is the thread to wait in for the bot's answer.</summary>
public sealed record PostedMessage(string Id, string RoomId, string? ParentId)
{
    /// <summary>The thread this message belongs to (the bot answers there).</summary>
    public string ThreadId => ParentId ?? Id;
}
