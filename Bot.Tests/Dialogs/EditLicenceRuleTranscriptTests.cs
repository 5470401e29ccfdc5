using LicenseBot.Sandbox;
using LicenseBot.Tests.Harness;
using static LicenseBot.Tests.Dialogs.EditLicenceTranscript;

namespace LicenseBot.Tests.Dialogs;

/// <summary>One bot for the rule transcripts: each plan is refused with its rule id and nothing reaches Webex.</summary>
public sealed class EditLicenceRuleSpace : IAsyncLifetime
{
    public BotSpace Space { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var seed = DemoOrg.Build(20);
        // R7 needs a licence without a free unit.
        var basic = seed.Licenses!.FindIndex(l => l.Id == DemoOrg.Ids.Licence("L-CALL-BASIC-NEW"));
        seed.Licenses[basic] = seed.Licenses[basic] with { TotalUnits = 0 };
        Space = await BotSpace.StartAsync(seed);
    }

    public async Task DisposeAsync() => await Space.DisposeAsync();
}

public sealed class EditLicenceRuleTranscriptTests(EditLicenceRuleSpace fixture) : IClassFixture<EditLicenceRuleSpace>
{
    [Theory]
    [InlineData("R1", "bob@acme.test", "P-BOB", "family:Calling", "L-CALL-PRO-OLD,L-CALL-BASIC-OLD")]
    [InlineData("R2", "carol@acme.test", "P-CAROL", "family:Calling", "L-CALL-BASIC-NEW")]
    [InlineData("R3", "stan@acme.test", "P-STAN", "family:CustomerExperience", "L-CXE-OLD")]
    [InlineData("R4", "nora@acme.test", "P-NORA", "site:acme-events.webex.com", "Attendee")]
    [InlineData("R7", "bob@acme.test", "P-BOB", "family:Calling", "L-CALL-BASIC-NEW")]
    [InlineData("R12", "bob@acme.test", "P-BOB", "family:Calling", "L-CALL-STD-NEW")]
    public async Task A_plan_breaking_a_rule_shows_the_rule_id_and_is_not_applied(string rule, string email, string personKey, string input, string value)
    {
        var personId = DemoOrg.Ids.Person(personKey);
        value = string.Join(",", value.Split(',').Select(v => v.StartsWith("L-", StringComparison.Ordinal) ? DemoOrg.Ids.Licence(v) : v));
        var space = fixture.Space;
        var alice = space.As("alice@acme.test");
        var before = await LicencesAsync(space, personId);
        var asked = await alice.MentionAsync(DemoOrg.AdminsRoomId, $"edit {email}");
        var form = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        await alice.SubmitAsync(form, "Review", Inputs(form, (input, value)));
        var blocked = await space.NextBotMessageAsync(DemoOrg.AdminsRoomId, asked.Id);

        Assert.Contains("cannot be made", blocked.CardText);
        Assert.Contains($"{rule}: ", blocked.CardText);
        Assert.Empty(blocked.SubmitActions());
        Assert.Equal(before, await LicencesAsync(space, personId));
    }
}
