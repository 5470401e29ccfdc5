using System.Text.Json;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Harness;

/// <summary>
/// The rigs' temp folders (BotSpace, BotProcess, SimulatorProcess, SandboxServer, TestDatabase): one each, so test
/// classes can run in parallel, with the seed written as <c>seed.json</c>, and deleted on dispose as far as the OS lets.
/// Also how a rig lays a test's settings over its own.
/// </summary>
internal static class TempFolder
{
    private static readonly JsonSerializerOptions SeedJson = new(JsonSerializerDefaults.Web);

    public static string Create(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Writes <paramref name="seed"/> to <c>seed.json</c> in <paramref name="root"/>; returns the file's path.</summary>
    public static async Task<string> WriteSeedAsync(string root, SeedDocument seed)
    {
        var seedFile = Path.Combine(root, "seed.json");
        await File.WriteAllBytesAsync(seedFile, JsonSerializer.SerializeToUtf8Bytes(seed, SeedJson));
        return seedFile;
    }

    /// <summary>
    /// Writes <paramref name="seed"/> into <paramref name="root"/> and returns the simulator's settings for it: the data
    /// folder <c>root/data</c>, that seed file, and a fixed random seed (the same generated values every run).
    /// </summary>
    public static async Task<Dictionary<string, string?>> SandboxSettingsAsync(string root, SeedDocument seed) => new()
    {
        ["Sandbox:DataDir"] = Path.Combine(root, "data"),
        ["Sandbox:SeedFile"] = await WriteSeedAsync(root, seed),
        ["Sandbox:RandomSeed"] = "12345",
    };

    /// <summary>Deletes <paramref name="root"/> and all in it; a file still held open leaves it behind, never failing the test.</summary>
    public static void Delete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary><paramref name="settings"/> laid over <paramref name="defaults"/> (a key in both takes the test's value); returns <paramref name="defaults"/>.</summary>
    public static Dictionary<string, string?> Overlay(this Dictionary<string, string?> defaults, IEnumerable<KeyValuePair<string, string?>>? settings)
    {
        foreach (var (key, value) in settings ?? []) defaults[key] = value;
        return defaults;
    }
}
