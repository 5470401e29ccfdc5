using System.Diagnostics;
using LicenseBot.Host.Composition;
using LicenseBot.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace LicenseBot.Tests.Sandbox;

public sealed class SandboxStartupTests
{
    private static async Task<(int ExitCode, string Output)> RunHostAsync(string contentRoot, string environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "BotHost.dll");
        Assert.True(File.Exists(dll), $"BotHost.dll not found beside the tests ({dll})");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = contentRoot };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(contentRoot);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment.Remove("Webex__BotToken");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("BotHost kept running instead of refusing to start.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Host_process_exits_non_zero_on_an_invalid_seed_naming_file_path_and_reason()
    {
        var root = Directory.CreateTempSubdirectory("sandbox-badseed-").FullName;
        try
        {
            var bad = Path.Combine(root, "bad.json");
            await File.WriteAllTextAsync(bad, """
                { "org": {"id":"O1","displayName":"Org"},
                  "licenses":[{"id":"L-MSG","name":"Messaging","totalUnits":5}],
                  "people":[{"id":"P1","email":"a@x.test","licenses":["L-GHOST"]}] }
                """);
            var (exit, output) = await RunHostAsync(root, "Development", "--Sandbox:SeedFile=" + bad, "--Sandbox:Enabled=true");
            Assert.NotEqual(0, exit);
            Assert.Contains(bad, output, StringComparison.Ordinal);
            Assert.Contains("$.people[0].licenses[0]", output, StringComparison.Ordinal);
            Assert.Contains("unknown licence id 'L-GHOST'", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Production_refuses_sandbox_mode_unless_it_is_explicit()
    {
        var root = Directory.CreateTempSubdirectory("sandbox-prod-").FullName;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root, EnvironmentName = "Production" });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sandbox:DataDir"] = Path.Combine(root, "d") });
            var ex = Assert.Throws<InvalidOperationException>(() => SandboxMode.Requested(builder));
            Assert.Contains("Production", ex.Message, StringComparison.Ordinal);

            var explicitOn = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root, EnvironmentName = "Production" });
            explicitOn.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true", ["Sandbox:SeedFile"] = WriteSmallSeed(root), ["Sandbox:DataDir"] = Path.Combine(root, "d") });
            Assert.True(SandboxMode.Requested(explicitOn));

            var real = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root, EnvironmentName = "Production" });
            real.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Webex:BotToken"] = "real-token" });
            Assert.False(SandboxMode.Requested(real));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Invalid_seed_fails_the_in_process_host_build_with_a_seed_exception()
    {
        var root = Directory.CreateTempSubdirectory("sandbox-badseed2-").FullName;
        try
        {
            var bad = Path.Combine(root, "dup.json");
            File.WriteAllText(bad, """{ "org": {"id":"O1","displayName":"Org"}, "people":[{"id":"P1","email":"a@x.test"},{"id":"P2","email":"A@X.test"}] }""");
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root, EnvironmentName = "Development" });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sandbox:SeedFile"] = bad });
            var ex = Assert.Throws<SandboxSeedException>(() => builder.AddWebexSandbox());
            var error = Assert.Single(ex.Errors);
            Assert.Equal((bad, "$.people[1].email"), (error.File, error.Path));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string WriteSmallSeed(string root)
    {
        var path = Path.Combine(root, "small.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(SandboxServer.SmallDemo(1), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        return path;
    }
}
