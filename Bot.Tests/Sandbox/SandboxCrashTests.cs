using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Sandbox;

/// <summary>The built BotHost as a real process, killed without warning and started again on the same data folder.</summary>
public sealed partial class SandboxCrashTests
{
    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();

    private static async Task<(Process Process, Uri Address)> StartHostAsync(string root, string seedFile)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "BotHost.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var a in new[] { dll, "--urls", "http://127.0.0.1:0", "--contentRoot", root, "--Sandbox:Enabled=true", "--Sandbox:SeedFile=" + seedFile })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        var process = new Process { StartInfo = start };
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && Listening().Match(e.Data) is { Success: true } m) address.TrySetResult(new Uri(m.Groups[1].Value.TrimEnd('/') + "/"));
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => address.TrySetException(new InvalidOperationException($"BotHost exited with {process.ExitCode} before listening."));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, await address.Task.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    private static HttpClient Client(Uri host, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(host, "sandbox/webex/v1/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_killed_host_restarts_with_the_org_and_messages_as_they_were()
    {
        var root = Directory.CreateTempSubdirectory("sandbox-kill-").FullName;
        var seedFile = Path.Combine(root, "seed.json");
        await File.WriteAllBytesAsync(seedFile, JsonSerializer.SerializeToUtf8Bytes(SandboxServer.SmallDemo(3), new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        Process? process = null;
        try
        {
            (process, var host) = await StartHostAsync(root, seedFile);
            string messageId;
            using (var alice = Client(host, "alice-token"))
            {
                var (status, _, _) = await alice.PatchJsonAsync("licenses/users", new
                {
                    personId = DemoOrg.Ids.Person("P-BOB"),
                    licenses = new object[] { new { id = DemoOrg.Ids.Licence("L-CALL-PRO-OLD"), operation = "remove" }, new { id = DemoOrg.Ids.Licence("L-CALL-PRO-NEW"), operation = "add", properties = new { locationId = DemoOrg.Ids.Location("LOC-AMS"), extension = "1002" } } },
                });
                Assert.Equal(200, status);
                messageId = (await alice.PostJsonAsync("messages", new { roomId = DemoOrg.Ids.Room("R-COFFEE"), text = "written just before the crash" })).Json.Str("id");
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();

            (process, host) = await StartHostAsync(root, seedFile);
            using var again = Client(host, "alice-token");
            var bob = (await again.GetJsonAsync($"people/{DemoOrg.Ids.Person("P-BOB")}?callingData=true")).Json;
            Assert.Equal([DemoOrg.Ids.Licence("L-MSG-OLD"), DemoOrg.Ids.Licence("L-CALL-PRO-NEW")], bob.GetProperty("licenses").Strings());
            Assert.Equal("1002", bob.Str("extension"));
            Assert.Equal("written just before the crash", (await again.GetJsonAsync($"messages/{messageId}")).Json.Str("text"));
            var record = (await again.GetJsonAsync(new Uri(host, $"sandbox/inspect/people/{DemoOrg.Ids.Person("P-BOB")}").ToString())).Json;
            Assert.True(record.GetProperty("calling").GetProperty("voicemail").GetProperty("enabled").GetBoolean());
        }
        finally
        {
            if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
            process?.Dispose();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
