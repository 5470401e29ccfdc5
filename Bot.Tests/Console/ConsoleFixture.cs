using System.Net.Http.Headers;
using LicenseBot.Tests.Harness;
using Microsoft.Playwright;

namespace LicenseBot.Tests.Console;

/// <summary>One whole bot (BotHost in sandbox mode on a free loopback port, see <see cref="BotSpace"/>) and one Chromium for a class of console tests.</summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private readonly ChromiumFixture chromium = new();
    private readonly List<HttpClient> clients = [];

    public BotSpace Space { get; private set; } = null!;

    public IBrowser Browser => chromium.Browser;

    /// <summary><c>http://127.0.0.1:{port}/</c>: the dev console.</summary>
    public Uri Address => Space.Address;

    public async Task InitializeAsync()
    {
        var space = BotSpace.StartAsync();
        await Task.WhenAll(space, chromium.InitializeAsync());
        Space = await space;
    }

    /// <summary>A client of the simulated Webex API acting as <paramref name="token"/>.</summary>
    public HttpClient Api(string token)
    {
        var client = new HttpClient { BaseAddress = Space.ApiBase, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        lock (clients) clients.Add(client);
        return client;
    }

    public async Task DisposeAsync()
    {
        lock (clients) clients.ForEach(c => c.Dispose());
        await chromium.DisposeAsync();
        if (Space is not null) await Space.DisposeAsync();
    }
}
