using System.Text;
using LicenseBot.Tests.Harness;
using static LicenseBot.Tests.Jobs.BulkSpace;
using LicenseBot.Sandbox;

namespace LicenseBot.Tests.Jobs;

/// <summary>A plan reads what its rows need: a 10-row CSV costs the same Webex calls in an org of 500 users and of 4,000.</summary>
public sealed class PlanReadCostTests
{
    [Fact]
    public async Task A_10_row_csv_plan_makes_as_many_webex_calls_in_an_org_of_4000_users_as_in_one_of_500()
    {
        var small = await PlanTenRowsAsync(500);
        var large = await PlanTenRowsAsync(4000);

        Assert.Equal(small, large);
        // One read of the licences, one look-up per named user and the admin's own look-ups (access check, name):
        // nothing that pages through the org (which would be 40 people pages here, and more holder pages).
        Assert.Equal(1, large.Licences);
        Assert.InRange(large.People, 10, 13);
    }

    private static async Task<(long People, long Licences)> PlanTenRowsAsync(int users)
    {
        await using var space = await BotSpace.StartAsync(Seed(users));
        var alice = space.As("alice@acme.test");
        var rows = Enumerable.Range(1, 10).Select(i => i * (users / 10)).ToList();
        var (people, licences) = (Calls(space, "people"), Calls(space, "licenses"));

        var upload = await alice.UploadAsync(DemoOrg.AdminsRoomId, "ten.csv", Encoding.UTF8.GetBytes(MoveFile(rows)), $"<@personId:{space.BotId}|LicenseBot> ten users");
        var plan = await space.CardAsync(upload.ThreadId, "Bulk plan", TimeSpan.FromSeconds(60));
        await space.FileAsync(upload.ThreadId, "Plan");

        Assert.Contains("Calling moves\n10", plan.CardText);
        Assert.Contains("Webex Calling - Professional [Sub-NEW]: 0 → 10 of", plan.CardText);
        return (Calls(space, "people") - people, Calls(space, "licenses") - licences);
    }

    private static long Calls(BotSpace space, string resource) => space.Sandbox.ApiCalls("GET", resource);
}
