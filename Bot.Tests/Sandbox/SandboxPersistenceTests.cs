using System.Text.Json;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Sandbox;

public sealed class SandboxPersistenceTests : IAsyncLifetime
{
    private string _root = null!;

    public Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("sandbox-restart-").FullName;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_restarted_host_continues_where_it_stopped()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var seed = SandboxServer.SmallDemo(5);
        string messageId, fileUrl, hookId;
        var first = await SandboxServer.StartAsync(seed, root: _root);
        try
        {
            var bot = first.Client("bot-token");
            hookId = (await bot.PostJsonAsync("webhooks", new { name = "b", targetUrl = receiver.Url.ToString(), resource = "messages", @event = "created", secret = "k" })).Json.Str("id");
            messageId = (await first.Client("alice-token").PostJsonAsync("messages", new { roomId = DemoOrg.Ids.Room("R-DM-ALICE"), text = "before the crash" })).Json.Str("id");
            await receiver.NextAsync();
            using var form = SandboxFileTests.Upload(DemoOrg.Ids.Room("R-DM-ALICE"), null, new ByteArrayContent("a,b\n1,2\n"u8.ToArray()), "rows.csv", "text/csv");
            using var upload = await first.Client("alice-token").PostAsync(new Uri("messages", UriKind.Relative), form);
            fileUrl = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("files")[0].GetString()!;
            await receiver.NextAsync();
            var patch = await first.Client(first.Access.AdminToken).PatchJsonAsync("licenses/users", new
            {
                personId = DemoOrg.Ids.Person("P-BOB"),
                licenses = new object[] { new { id = DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), operation = "remove" }, new { id = DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), operation = "add", properties = new { locationId = DemoOrg.Ids.Location("LOC-AMS"), extension = "1002" } } },
            });
            Assert.Equal(200, patch.Status);
            Assert.Equal(200, (await first.Client(first.Access.AdminToken).PatchJsonAsync("licenses/users", new { email = "late@partner.example", licenses = new[] { new { id = DemoOrg.Ids.Licence("L-MSG-NEW") } } })).Status);
        }
        finally
        {
            await first.StopAsync();
        }

        await using var second = await SandboxServer.StartAsync(seed, root: _root);
        Assert.False(second.Services.GetService(typeof(SandboxState)) is SandboxState { Fresh: true });
        var admin = second.Client(second.Access.AdminToken);
        var bob = (await admin.GetJsonAsync($"people/{DemoOrg.Ids.Person("P-BOB")}?callingData=true")).Json;
        Assert.Equal([DemoOrg.Ids.Licence("L-MSG-OLD"), DemoOrg.Ids.Licence("L-CALL-PRO-NEW")], bob.GetProperty("licenses").Strings());
        Assert.Equal("1002", bob.Str("extension"));
        Assert.Equal("pending", (await admin.GetJsonAsync("people?email=late@partner.example")).Json.GetProperty("items")[0].Str("status"));
        Assert.Equal(1, (await admin.GetJsonAsync($"licenses/{DemoOrg.Ids.Licence("L-MSG-NEW")}")).Json.GetProperty("consumedUnits").GetInt32());

        var bot2 = second.Client("bot-token");
        Assert.Equal("before the crash", (await bot2.GetJsonAsync($"messages/{messageId}")).Json.Str("text"));
        Assert.Equal(hookId, Assert.Single((await bot2.GetJsonAsync("webhooks")).Json.GetProperty("items").EnumerateArray()).Str("id"));
        var fileId = fileUrl[(fileUrl.LastIndexOf('/') + 1)..];
        using var download = await bot2.GetAsync(new Uri($"contents/{fileId}", UriKind.Relative));
        Assert.Equal("a,b\n1,2\n", await download.Content.ReadAsStringAsync());

        var after = (await second.Client("alice-token").PostJsonAsync("messages", new { roomId = DemoOrg.Ids.Room("R-DM-ALICE"), text = "after" })).Json.Str("id");
        Assert.Equal(after, (await receiver.NextAsync()).Json.GetProperty("data").Str("id"));
        var (_, list, _) = await bot2.GetJsonAsync($"messages?roomId={DemoOrg.Ids.Room("R-DM-ALICE")}");
        Assert.Equal(["after", "", "before the crash"], list.GetProperty("items").EnumerateArray().Select(m => m.Str("text")).ToList());
    }

    [Fact]
    public async Task Another_seed_or_a_reset_starts_fresh_and_discards_the_bots_database()
    {
        var seed = SandboxServer.SmallDemo(3);
        var first = await SandboxServer.StartAsync(seed, root: _root);
        await first.Client("alice-token").PostJsonAsync("messages", new { roomId = DemoOrg.Ids.Room("R-DM-ALICE"), text = "old world" });
        var botDb = Path.Combine(first.Access.DataDirectory, "bot.db");
        await File.WriteAllTextAsync(botDb, "bot state");
        await first.StopAsync();

        var same = await SandboxServer.StartAsync(seed, root: _root);
        Assert.Equal(1, (await same.Client("alice-token").GetJsonAsync($"messages?roomId={DemoOrg.Ids.Room("R-DM-ALICE")}")).Json.GetProperty("items").GetArrayLength());
        Assert.True(File.Exists(botDb));
        await same.StopAsync();

        var other = await SandboxServer.StartAsync(SandboxServer.SmallDemo(4), root: _root);
        Assert.Equal(0, (await other.Client("alice-token").GetJsonAsync($"messages?roomId={DemoOrg.Ids.Room("R-DM-ALICE")}")).Json.GetProperty("items").GetArrayLength());
        Assert.False(File.Exists(botDb));
        await other.Client("alice-token").PostJsonAsync("messages", new { roomId = DemoOrg.Ids.Room("R-DM-ALICE"), text = "new world" });
        await File.WriteAllTextAsync(botDb, "bot state");
        await other.StopAsync();

        await using var reset = await SandboxServer.StartAsync(SandboxServer.SmallDemo(4), new Dictionary<string, string?> { ["Sandbox:Reset"] = "true" }, root: _root);
        Assert.Equal(0, (await reset.Client("alice-token").GetJsonAsync($"messages?roomId={DemoOrg.Ids.Room("R-DM-ALICE")}")).Json.GetProperty("items").GetArrayLength());
        Assert.False(File.Exists(botDb));
    }
}
