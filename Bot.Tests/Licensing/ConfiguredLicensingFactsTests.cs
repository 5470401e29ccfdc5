using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Facts;
using LicenseBot.Core.Licensing.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LicenseBot.Tests.Licensing;

public sealed class ConfiguredLicensingFactsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddLicensing(config).BuildServiceProvider();
    }

    [Fact]
    public async Task Subscription_states_and_site_facts_come_from_configuration()
    {
        await using var services = Services(new()
        {
            ["Licensing:Subscriptions:Sub-OLD"] = "Suspended",
            ["Licensing:Subscriptions:Sub-GONE"] = "cancelled",
            ["Licensing:Sites:acme.webex.com:AttendeeAccounts"] = "true",
            ["Licensing:Sites:acme.webex.com:Admins:0"] = "SiteAdmin@acme.test",
            ["Licensing:Sites:events.webex.com:Admins:0"] = "P-SITA",
        });
        var states = services.GetRequiredService<ISubscriptionStates>();
        var sites = services.GetRequiredService<IMeetingSiteFacts>();

        Assert.Equal(SubscriptionState.Suspended, await states.GetStateAsync("sub-old", CancellationToken.None));
        Assert.Equal(SubscriptionState.Cancelled, await states.GetStateAsync("Sub-GONE", CancellationToken.None));
        Assert.Equal(SubscriptionState.Active, await states.GetStateAsync("Sub-NEW", CancellationToken.None));
        Assert.True(await sites.AllowsAttendeeAccountsAsync("ACME.webex.com", CancellationToken.None));
        Assert.False(await sites.AllowsAttendeeAccountsAsync("events.webex.com", CancellationToken.None));
        Assert.Equal(["acme.webex.com"], await sites.SitesAdministeredByAsync("P-X", "siteadmin@acme.test", [], CancellationToken.None));
        Assert.Equal(["events.webex.com"], await sites.SitesAdministeredByAsync("P-SITA", "sita@acme.test", [], CancellationToken.None));
    }
}
