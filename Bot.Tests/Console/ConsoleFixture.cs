namespace LicenseBot.Tests.Console;

/// <summary>One BotHost (sandbox mode, Program.cs as shipped) and one Chromium for a class of console tests.</summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private readonly ChromiumFixture chromium = new();

    public BotHostProcess Host { get; private set; } = null!;

    public Microsoft.Playwright.IBrowser Browser => chromium.Browser;

    public async Task InitializeAsync()
    {
        var host = BotHostProcess.StartAsync();
        await Task.WhenAll(host, chromium.InitializeAsync());
        Host = await host;
    }

    public async Task DisposeAsync()
    {
        await chromium.DisposeAsync();
        if (Host is not null) await Host.DisposeAsync();
    }
}
