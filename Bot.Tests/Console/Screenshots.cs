using Microsoft.Playwright;

namespace LicenseBot.Tests.Console;

/// <summary>Screenshots of browser tests under <c>Bot.Tests/artifacts/</c> (git-ignored), for people to look at.</summary>
internal static class Screenshots
{
    public static string Folder { get; } = Create();

    public static Task SaveAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Folder, name + ".png"), FullPage = false });

    private static string Create()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bot.Tests.csproj"))) dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "console");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
