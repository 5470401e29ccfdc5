using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Sandbox;

/// <summary>
/// The sandbox's catalog, device service and event socket, spoken to as a raw client would (docs/websocket-protocol.md,
/// section 7): the frames, acks, redelivery, replacement and the per-identity device limit.
/// </summary>
public sealed class SandboxEventSocketTests : IAsyncLifetime
{
    private SandboxServer _server = null!;
    private HttpClient _alice = null!;
    private HttpClient _nora = null!;

    public async Task InitializeAsync()
    {
        _server = await SandboxServer.StartAsync(settings: new Dictionary<string, string?> { ["Sandbox:DeviceLimit"] = "2" });
        _alice = _server.Client("alice-token");
        _nora = _server.Client("nora-token");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_catalog_names_the_device_service_and_maps_the_host_to_the_us_cluster()
    {
        var (status, catalog, _) = await _alice.GetJsonAsync("/sandbox/u2c/api/v1/catalog?format=hostmap");
        Assert.Equal(200, status);
        Assert.Equal(new Uri(_server.BaseAddress, "sandbox/wdm/api/v1").ToString(), catalog.GetProperty("serviceLinks").Str("wdm"));
        var hosts = catalog.GetProperty("hostCatalog").GetProperty(_server.BaseAddress.Host);
        Assert.StartsWith("urn:TEAM:us-east-2_a", hosts[0].Str("id"));
        Assert.Equal(401, (await _server.Client(null).GetJsonAsync("/sandbox/u2c/api/v1/catalog?format=hostmap")).Status);
    }

    [Fact]
    public async Task Devices_are_listed_refreshed_deleted_and_capped_per_identity()
    {
        var first = await RegisterAsync(_alice);
        Assert.StartsWith("ws://", first.Str("webSocketUrl"));
        Assert.True(Guid.TryParse(first.Str("userId"), out _));
        await RegisterAsync(_alice);
        var (over, error, _) = await _alice.PostJsonAsync("/sandbox/wdm/api/v1/devices", Body());
        Assert.Equal(403, over);
        Assert.Contains("limit", error.Str("message"));
        Assert.Equal(2, (await _alice.GetJsonAsync("/sandbox/wdm/api/v1/devices")).Json.GetProperty("devices").GetArrayLength());
        Assert.Equal(0, (await _nora.GetJsonAsync("/sandbox/wdm/api/v1/devices")).Json.GetProperty("devices").GetArrayLength());

        Assert.Equal(200, (await _alice.SendAsync(HttpMethod.Put, first.Str("url"), Body())).Status);
        Assert.Equal(404, (await _nora.SendAsync(HttpMethod.Put, first.Str("url"), Body())).Status); // not hers
        Assert.Equal(204, (await _alice.SendAsync(HttpMethod.Delete, first.Str("url"))).Status);
        Assert.Equal(404, (await _alice.SendAsync(HttpMethod.Put, first.Str("url"), Body())).Status);

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(first.Str("webSocketUrl")), CancellationToken.None));
        Assert.Equal(404, (int)socket.HttpStatusCode);
    }

    [Fact]
    public async Task A_wrong_token_in_the_authorization_frame_closes_with_4401()
    {
        var device = await RegisterAsync(_alice);
        using var socket = await ConnectAsync(device, "nora-token", expectReady: false);
        var closed = await ReceiveAsync(socket);
        Assert.Null(closed);
        Assert.Equal(4401, (int)socket.CloseStatus!);
    }

    [Fact]
    public async Task Events_arrive_as_conversation_activities_by_uuid_are_sent_again_until_acked_and_a_second_connection_replaces_the_first()
    {
        var device = await RegisterAsync(_alice);
        var socket = await ConnectAsync(device, "alice-token");

        // ping → pong with the same id
        await SendAsync(socket, new JsonObject { ["id"] = "ping-1", ["type"] = "ping" });
        var pong = (await ReceiveAsync(socket))!;
        Assert.Equal(("pong", "ping-1"), (pong["type"]!.GetValue<string>(), pong["id"]!.GetValue<string>()));

        var (_, posted, _) = await _nora.PostJsonAsync("messages", new { roomId = DemoOrg.Ids.Room("R-COFFEE"), text = "hello" });
        var frame = (await ReceiveAsync(socket))!;
        var activity = frame["data"]!["activity"]!;
        Assert.Equal("conversation.activity", frame["data"]!["eventType"]!.GetValue<string>());
        Assert.Equal("post", activity["verb"]!.GetValue<string>());
        Assert.Equal($"ciscospark://us/MESSAGE/{activity["id"]!.GetValue<string>()}", Decode(posted.Str("id")));
        Assert.StartsWith(new Uri(_server.BaseAddress, "sandbox/conversation/api/v1/conversations/").ToString(), activity["target"]!["url"]!.GetValue<string>());
        Assert.DoesNotContain("hello", frame.ToJsonString());
        Assert.Equal(1, frame["sequenceNumber"]!.GetValue<long>());

        // Not acknowledged: the next connection gets it again.
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        socket.Dispose();
        socket = await ConnectAsync(device, "alice-token");
        var again = (await ReceiveAsync(socket))!;
        Assert.Equal(frame["id"]!.GetValue<string>(), again["id"]!.GetValue<string>());
        await SendAsync(socket, new JsonObject { ["messageId"] = again["id"]!.GetValue<string>(), ["type"] = "ack" });
        await Task.Delay(300);

        // Acknowledged: a new connection replaces this one (4000) and gets nothing old.
        using var second = await ConnectAsync(device, "alice-token");
        Assert.Null(await ReceiveAsync(socket));
        Assert.Equal(4000, (int)socket.CloseStatus!);
        Assert.Null(await ReceiveAsync(second, TimeSpan.FromMilliseconds(700)));
        socket.Dispose();

        var state = (await _alice.GetJsonAsync("/sandbox/socket")).Json.GetProperty("devices").EnumerateArray().Single(d => d.Str("id") == device.Str("url").Split('/')[^1]);
        Assert.Equal((1, 1, 1), (state.GetProperty("acked").GetInt32(), state.GetProperty("redelivered").GetInt32(), state.GetProperty("waiting").GetInt32() + 1));
    }

    private static object Body() => new { deviceName = "test", deviceType = "DESKTOP", localizedModel = "test", model = "test", name = "test-client", systemName = "test", systemVersion = "1" };

    private static async Task<JsonElement> RegisterAsync(HttpClient client)
    {
        var (status, device, _) = await client.PostJsonAsync("/sandbox/wdm/api/v1/devices", Body());
        Assert.Equal(200, status);
        return device;
    }

    private static async Task<ClientWebSocket> ConnectAsync(JsonElement device, string token, bool expectReady = true)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(device.Str("webSocketUrl")), CancellationToken.None);
        await SendAsync(socket, new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["type"] = "authorization", ["data"] = new JsonObject { ["token"] = "Bearer " + token } });
        if (expectReady)
        {
            var ready = (await ReceiveAsync(socket))!;
            Assert.Equal("mercury.buffer_state", ready["data"]!["eventType"]!.GetValue<string>());
            Assert.Null(ready["type"]);
        }
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, JsonObject frame) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next frame; null when the socket closed or nothing came within <paramref name="wait"/>.</summary>
    private static async Task<JsonObject?> ReceiveAsync(ClientWebSocket socket, TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        try
        {
            var read = await socket.ReceiveAsync(buffer, timeout.Token);
            return read.MessageType == WebSocketMessageType.Close ? null : JsonNode.Parse(buffer.AsSpan(0, read.Count))!.AsObject();
        }
        catch (OperationCanceledException) when (wait is not null)
        {
            return null;
        }
    }

    private static string Decode(string id) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(id.Replace('-', '+').Replace('_', '/') + new string('=', (4 - id.Length % 4) % 4)));
}
