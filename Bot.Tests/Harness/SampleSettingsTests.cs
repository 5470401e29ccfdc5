using System.Reflection;
using System.Text.Json;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Repair;
using LicenseBot.Core.Features.Reset;
using LicenseBot.Core.Inbox;
using LicenseBot.Core.Licensing.Access;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Webex;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Harness;

public sealed class SampleSettingsTests
{
    private static JsonElement Sample()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "appsettings.sample.json"))) dir = dir.Parent;
        Assert.True(dir is not null, "appsettings.sample.json not found above the test output folder.");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "appsettings.sample.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return doc.RootElement.Clone();
    }

    public static TheoryData<string, Type[]> Sections => new()
    {
        { WebexOptions.Section, [typeof(WebexOptions)] },
        { BotOptions.Section, [typeof(BotOptions), typeof(AdminAccessOptions)] },
        { StorageOptions.Section, [typeof(StorageOptions)] },
        { InboxOptions.Section, [typeof(InboxOptions)] },
        { ResetOptions.Section, [typeof(ResetOptions)] },
        { RepairOptions.Section, [typeof(RepairOptions)] },
        { "Sandbox", [typeof(SandboxOptions)] },
    };

    [Theory]
    [MemberData(nameof(Sections))]
    public void The_sample_documents_every_setting_of_a_section_and_nothing_that_does_not_exist(string section, Type[] optionTypes)
    {
        var documented = Sample().GetProperty(section).EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var settable = optionTypes.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p.CanWrite || typeof(System.Collections.IEnumerable).IsAssignableFrom(p.PropertyType) && p.PropertyType != typeof(string))
            .Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Empty(settable.Except(documented));
        Assert.Empty(documented.Except(settable));
    }
}
