using LicenseBot.Core.Conversation;
using Xunit.Abstractions;

namespace LicenseBot.Tests.Architecture;

/// <summary>
/// The arrows between Bot.Core's folders go one way (docs/architecture.md): no folders use each other round a circle,
/// the Webex client and storage use nothing of the bot above them, and shared machinery never reaches into a feature.
/// </summary>
public sealed class FolderDependencyTests(ITestOutputHelper output)
{
    private static readonly FolderGraph Graph = FolderGraph.Of(typeof(BotManifest).Assembly.Location);

    [Fact]
    public void No_folders_use_each_other_round_a_circle()
    {
        foreach (var (from, uses) in Graph.Edges.OrderBy(e => e.Key, StringComparer.Ordinal))
            output.WriteLine($"{from} → {string.Join(", ", uses.Keys.Order(StringComparer.Ordinal))}");
        var cycles = Graph.Cycles();
        Assert.True(cycles.Count == 0, "Folders that use each other:\n" + string.Join("\n\n", cycles.Select(c => string.Join("\n", Graph.Describe(c)))));
    }

    [Theory]
    [InlineData("Webex")]
    [InlineData("Storage")]
    [InlineData("Text")]
    [InlineData("Cards")]
    [InlineData("Diagnostics")]
    public void Bottom_folders_use_nothing_of_the_bot(string part)
    {
        // Diagnostics (the one ActivitySource and Meter) is itself a bottom folder that every layer may report through.
        var above = Graph.Uses(part).Where(arrow => !arrow.Split(" → ")[1].StartsWith("Diagnostics", StringComparison.Ordinal)).ToList();
        Assert.Empty(above);
    }

    [Fact]
    public void Shared_machinery_never_uses_a_feature()
    {
        var reaching = Graph.Edges.Keys.Where(p => !p.StartsWith("Features.", StringComparison.Ordinal))
            .SelectMany(Graph.Uses).Where(arrow => arrow.Split(" → ")[1].StartsWith("Features.", StringComparison.Ordinal));
        Assert.Empty(reaching);
    }

    [Fact]
    public void The_graph_sees_arrows_hidden_in_method_bodies()
    {
        // The reader must not go blind: features reach the licensing core and the conversation only from inside method
        // bodies and signatures, and those arrows are found.
        Assert.Contains("Licensing", Graph.Edges["Features.Edit"].Keys);
        Assert.Contains("Conversation", Graph.Edges["Features.Edit"].Keys);
        Assert.Equal("Features.Edit", FolderGraph.PartOfNamespace("LicenseBot.Core.Features.Edit.Sub"));
        Assert.Equal("Licensing", FolderGraph.PartOfNamespace("LicenseBot.Core.Licensing.Rules"));
    }
}
