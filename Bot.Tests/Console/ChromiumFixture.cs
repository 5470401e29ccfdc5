using Microsoft.Playwright;

namespace LicenseBot.Tests.Console;

/// <summary>
/// One headless Debian Chromium per test class, driven by Microsoft.Playwright (never `playwright install`: there
/// are no downloads here; ./test.sh installs Debian's chromium package when it is missing). Another Chromium or
/// Chrome binary can be given in <c>LICENSEBOT_CHROMIUM</c>.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string DebianPath = "/usr/bin/chromium";

    public static string ExecutablePath { get; } = Environment.GetEnvironmentVariable("LICENSEBOT_CHROMIUM") is { Length: > 0 } given ? given : DebianPath;

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium is missing at {ExecutablePath}: run ./test.sh (it installs Debian's chromium), or install it yourself (apt-get install -y chromium) or set LICENSEBOT_CHROMIUM to a Chromium binary.");
        }
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
    }
}
