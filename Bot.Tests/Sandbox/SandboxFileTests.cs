using System.Net.Http.Headers;
using System.Text.Json;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Sandbox;

public sealed class SandboxFileTests : IAsyncLifetime
{
    private SandboxServer _server = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _server = await SandboxServer.StartAsync();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    internal static MultipartFormDataContent Upload(string roomId, string? markdown, HttpContent file, string fileName, string contentType)
    {
        var form = new MultipartFormDataContent { { new StringContent(roomId), "roomId" } };
        if (markdown is not null) form.Add(new StringContent(markdown), "markdown");
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "files", fileName);
        return form;
    }

    [Fact]
    public async Task Uploaded_file_is_linked_in_the_message_and_downloadable_by_the_bot_only_from_its_rooms()
    {
        var (status, _, _) = await _server.Client("bot-token").PostJsonAsync("webhooks", new { name = "b", targetUrl = _receiver.Url.ToString(), resource = "messages", @event = "created", secret = "k" });
        Assert.Equal(200, status);
        var csv = "email,Webex Calling - Professional [Sub-OLD]\nbob@acme.test,FALSE\n"u8.ToArray();
        using var form = Upload(DemoOrg.Ids.Room("R-DM-ALICE"), "my export", new ByteArrayContent(csv), "users export.csv", "text/csv");
        using var response = await _server.Client("alice-token").PostAsync(new Uri("messages", UriKind.Relative), form);
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(200, (int)response.StatusCode);
        var url = Assert.Single(message.GetProperty("files").Strings());
        Assert.StartsWith(new Uri(_server.ApiBase, "contents/").ToString(), url, StringComparison.Ordinal);
        Assert.Equal("my export", message.Str("text"));

        var delivery = await _receiver.NextAsync();
        Assert.Equal([url], delivery.Json.GetProperty("data").GetProperty("files").Strings());

        using var download = await _server.Client("bot-token").GetAsync(new Uri(url));
        Assert.Equal(200, (int)download.StatusCode);
        Assert.Equal(csv, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment; filename=\"users export.csv\"", download.Content.Headers.GetValues("Content-Disposition").Single());

        using var refused = await _server.Client("nora-token").GetAsync(new Uri(url));
        Assert.Equal(403, (int)refused.StatusCode);
        Assert.Equal(403, JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.ErrorCode());
    }

    [Fact]
    public async Task Upload_to_a_room_one_is_not_in_is_refused_and_leaves_no_file()
    {
        using var form = Upload(DemoOrg.Ids.Room("R-COFFEE"), null, new ByteArrayContent("x"u8.ToArray()), "a.csv", "text/csv");
        using var response = await _server.Client("bot-token").PostAsync(new Uri("messages", UriKind.Relative), form);
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_server.DataDir, "files")));
    }

    [Fact]
    public async Task Two_files_in_one_message_are_refused()
    {
        using var form = Upload(DemoOrg.Ids.Room("R-DM-ALICE"), null, new ByteArrayContent("a"u8.ToArray()), "a.csv", "text/csv");
        form.Add(new ByteArrayContent("b"u8.ToArray()), "files", "b.csv");
        using var response = await _server.Client("alice-token").PostAsync(new Uri("messages", UriKind.Relative), form);
        Assert.Equal(400, (int)response.StatusCode);
    }
}

[CollectionDefinition(nameof(LargeUploadCollection), DisableParallelization = true)]
public sealed class LargeUploadCollection;

/// <summary>100 MB uploads; alone in their collection so the allocation measure sees only this traffic.</summary>
[Collection(nameof(LargeUploadCollection))]
public sealed class SandboxLargeFileTests
{
    private const long HundredMb = 100L * 1024 * 1024;

    [Fact]
    public async Task A_100_MB_upload_streams_to_disk_and_back_without_being_buffered()
    {
        await using var server = await SandboxServer.StartAsync(SandboxServer.SmallDemo(2));
        var alice = server.Client("alice-token");
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var form = SandboxFileTests.Upload(DemoOrg.Ids.Room("R-DM-ALICE"), null, new StreamContent(new PatternStream(HundredMb), 64 * 1024), "big.bin", "application/octet-stream");
        using var response = await alice.PostAsync(new Uri("messages", UriKind.Relative), form);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        // Buffering the upload would allocate at least its 100 MB; the margin below that absorbs other work in the process.
        Assert.True(allocated < 80L * 1024 * 1024, $"uploading 100 MB allocated {allocated / (1024 * 1024)} MB");
        var url = JsonDocument.Parse(body).RootElement.GetProperty("files")[0].GetString()!;

        using var download = await server.Client("bot-token").GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await download.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long position = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != PatternStream.ByteAt(position + i)) Assert.Fail($"byte {position + i} differs");
            }

            position += read;
        }

        Assert.Equal(HundredMb, position);
    }

    [Fact]
    public async Task A_file_over_100_MB_is_refused_in_webex_error_shape()
    {
        await using var server = await SandboxServer.StartAsync(SandboxServer.SmallDemo(2));
        using var form = SandboxFileTests.Upload(DemoOrg.Ids.Room("R-DM-ALICE"), null, new StreamContent(new PatternStream(HundredMb + 1), 64 * 1024), "huge.bin", "application/octet-stream");
        using var response = await server.Client("alice-token").PostAsync(new Uri("messages", UriKind.Relative), form);
        Assert.Equal(413, (int)response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("100 MB", error.GetProperty("errors")[0].Str("description"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.Str("trackingId")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataDir, "files")));
        var (_, messages, _) = await server.Client("alice-token").GetJsonAsync($"messages?roomId={DemoOrg.Ids.Room("R-DM-ALICE")}");
        Assert.Equal(0, messages.GetProperty("items").GetArrayLength());
    }
}
