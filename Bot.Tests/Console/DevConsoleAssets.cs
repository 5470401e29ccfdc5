using LicenseBot.Host.Endpoints;

namespace LicenseBot.Tests.Console;

/// <summary>The dev console's files exactly as BotHost serves them (embedded in its assembly at build).</summary>
internal static class DevConsoleAssets
{
    public static string Read(string name)
    {
        using var stream = typeof(DevConsoleEndpoints).Assembly.GetManifestResourceStream($"DevConsole.{name}")
            ?? throw new InvalidOperationException($"BotHost does not embed the dev console file '{name}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
