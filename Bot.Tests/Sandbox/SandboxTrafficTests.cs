using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Sandbox;

public sealed class SandboxTrafficTests
{
    [Fact]
    public async Task Over_the_per_token_budget_answers_429_with_retry_after_until_the_next_second()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, 300, TimeSpan.Zero));
        await using var server = await SandboxServer.StartAsync(
            settings: new Dictionary<string, string?> { ["Sandbox:RateLimitPerSecond"] = "3" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        var alice = server.Client("alice-token");
        for (var i = 0; i < 3; i++) Assert.Equal(200, (await alice.GetJsonAsync("people/me")).Status);
        var (status, error, response) = await alice.GetJsonAsync("people/me");
        Assert.Equal(429, status);
        Assert.Equal(429, error.ErrorCode());
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);

        Assert.Equal(200, (await server.Client("nora-token").GetJsonAsync("people/me")).Status);
        clock.Advance(TimeSpan.FromMilliseconds(700));
        Assert.Equal(200, (await alice.GetJsonAsync("people/me")).Status);
    }

    [Fact]
    public async Task Fault_rate_answers_503_on_licence_and_people_calls_only()
    {
        await using var server = await SandboxServer.StartAsync(settings: new Dictionary<string, string?> { ["Sandbox:FaultRate"] = "1" });
        var admin = server.Client(server.Access.AdminToken);
        var (status, error, _) = await admin.GetJsonAsync("licenses");
        Assert.Equal(503, status);
        Assert.Equal(503, error.ErrorCode());
        Assert.Equal(503, (await admin.GetJsonAsync("people?max=5")).Status);
        Assert.Equal(503, (await admin.PatchJsonAsync("licenses/users", new { personId = DemoOrg.Ids.Person("P-NORA"), licenses = new[] { new { id = DemoOrg.Ids.Licence("L-CXB-NEW") } } })).Status);
        Assert.Equal(200, (await server.Client("bot-token").GetJsonAsync("rooms")).Status);
        var (_, nora, _) = await admin.GetJsonAsync(new Uri(server.BaseAddress, $"sandbox/inspect/people/{DemoOrg.Ids.Person("P-NORA")}").ToString());
        Assert.DoesNotContain(DemoOrg.Ids.Licence("L-CXB-NEW"), nora.GetProperty("licenses").EnumerateArray().Select(l => l.Str("id")));
    }

    [Fact]
    public async Task Partial_fault_rate_with_a_fixed_seed_is_reproducible()
    {
        async Task<List<int>> Run()
        {
            await using var server = await SandboxServer.StartAsync(SandboxServer.SmallDemo(2), new Dictionary<string, string?> { ["Sandbox:FaultRate"] = "0.5", ["Sandbox:RandomSeed"] = "7" });
            var admin = server.Client(server.Access.AdminToken);
            var statuses = new List<int>();
            for (var i = 0; i < 20; i++) statuses.Add((await admin.GetJsonAsync("licenses")).Status);
            return statuses;
        }

        var first = await Run();
        Assert.Equal(first, await Run());
        Assert.Contains(200, first);
        Assert.Contains(503, first);
    }

    [Fact]
    public async Task Latency_is_added_to_every_call()
    {
        await using var server = await SandboxServer.StartAsync(SandboxServer.SmallDemo(2), new Dictionary<string, string?> { ["Sandbox:LatencyMs"] = "250" });
        var bot = server.Client("bot-token");
        var watch = Stopwatch.StartNew();
        Assert.Equal(200, (await bot.GetJsonAsync("rooms")).Status);
        Assert.True(watch.ElapsedMilliseconds >= 240, $"answered after {watch.ElapsedMilliseconds} ms");
    }
}
