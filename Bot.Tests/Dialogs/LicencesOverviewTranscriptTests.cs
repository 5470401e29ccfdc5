using System.Text.Json;
using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;
using static LicenseBot.Tests.Dialogs.EditLicenceTranscript;

namespace LicenseBot.Tests.Dialogs;

/// <summary>
/// <c>licences</c> as an admin reads it: a bar of used and free units per licence, calling first, and a warning for a
/// suspended or cancelled subscription that still has users — the whole bot against the sandbox.
/// </summary>
public sealed class LicencesOverviewTranscriptTests
{
    [Fact]
    public async Task The_overview_warns_about_the_suspended_subscription_that_still_has_users_and_draws_a_bar_per_licence()
    {
        await using var space = await BotSpace.StartAsync(DemoOrg.Build(20));
        var alice = space.As("alice@acme.test");

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "licences");
        var card = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        // Sam Suspended holds both licences of Sub-SUSP: 2 units in use.
        var warning = Assert.Single(card.CardText.Split('\n'), l => l.StartsWith("Subscription Sub-SUSP is suspended", StringComparison.Ordinal));
        Assert.Contains("2 of its licence units are still assigned", warning);
        Assert.DoesNotContain("Subscription Sub-OLD is", card.CardText);
        Assert.Contains("Sub-SUSP is suspended", card.Text);

        // Calling first, then the other families; every licence with its bar (used: accent, free: emphasis).
        var headings = card.CardText.Split('\n').Where(l => l is "Calling" or "Meetings" or "Messaging").ToList();
        Assert.Equal("Calling", headings[0]);
        var bars = Bars(card.Card!.Value);
        Assert.Equal(22, bars.Count);
        Assert.Contains(bars, b => b.SequenceEqual(["accent", "emphasis"]));
        Assert.Contains("`█", card.Text);
    }

    [Fact]
    public async Task No_warning_when_the_suspended_subscription_holds_nobody_and_a_Dutch_admin_reads_it_in_Dutch()
    {
        var seed = DemoOrg.Build(20);
        seed = seed with { People = seed.People!.Where(p => p.Email != "sam@acme.test").ToList() };
        await using var space = await BotSpace.StartAsync(seed);
        var alice = space.As("alice@acme.test");
        var chose = await alice.MentionAsync(DemoOrg.AdminsRoomId, "language nl");
        await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, chose.Id);

        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, "licenties");
        var card = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);
        Assert.Contains("Licenties van deze organisatie", card.CardText);
        Assert.DoesNotContain("Abonnement Sub-SUSP is", card.CardText);
        Assert.Contains("van 3.000 in gebruik", card.CardText);

        // Sam back on Sub-SUSP: the Dutch warning appears.
        await using var withSam = await BotSpace.StartAsync(DemoOrg.Build(20), settings: null);
        var alice2 = withSam.As("alice@acme.test");
        await withSam.NextBotMessageAsync(DemoOrg.AdminsRoomId, (await alice2.MentionAsync(DemoOrg.AdminsRoomId, "taal nl")).Id);
        var again = await withSam.NextBotMessageAsync(DemoOrg.AdminsRoomId, (await alice2.MentionAsync(DemoOrg.AdminsRoomId, "licenties")).Id);
        Assert.Contains("Abonnement Sub-SUSP is opgeschort en er zijn nog 2 licentie-eenheden van toegewezen", again.CardText);
    }

    /// <summary>The styles of every two-or-one column bar (a ColumnSet whose columns hold only a blank line).</summary>
    private static List<string[]> Bars(JsonElement card)
    {
        var bars = new List<string[]>();
        foreach (var e in card.GetProperty("body").EnumerateArray())
        {
            if (e.GetProperty("type").GetString() != "ColumnSet") continue;
            var columns = e.GetProperty("columns").EnumerateArray().ToList();
            if (columns.All(c => c.GetProperty("items").EnumerateArray().All(i => i.GetProperty("text").GetString() == "\u00A0")))
                bars.Add(columns.Select(c => c.GetProperty("style").GetString()!).ToArray());
        }
        return bars;
    }
}
