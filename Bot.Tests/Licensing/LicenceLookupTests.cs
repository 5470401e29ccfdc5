using LicenseBot.Core.Licensing.Model;
using static LicenseBot.Tests.Licensing.LicensingTestData;

namespace LicenseBot.Tests.Licensing;

public sealed class LicenceLookupTests
{
    [Fact]
    public void Finds_a_licence_by_id() => Assert.Equal(ProNew, LicenceLookup.Find(Org(), "L-CALL-PRO-NEW").Licence);

    [Fact]
    public void Finds_a_licence_by_name_and_subscription_tolerantly() =>
        Assert.Equal(ProNew, LicenceLookup.Find(Org(), "webex calling professional [sub-new]").Licence);

    [Fact]
    public void A_name_shared_by_two_subscriptions_is_ambiguous_never_guessed()
    {
        var match = LicenceLookup.Find(Org(), "Webex Calling - Professional");
        Assert.False(match.IsResolved);
        Assert.True(match.IsAmbiguous);
        Assert.Contains(ProOld, match.Candidates);
        Assert.Contains(ProNew, match.Candidates);
    }

    [Fact]
    public void A_unique_name_resolves() => Assert.Equal(Basic, LicenceLookup.Find(Org(), "Webex Calling - Basic").Licence);

    [Fact]
    public void An_unknown_licence_offers_candidates_of_the_service_it_names()
    {
        var match = LicenceLookup.Find(Org(), "Webex Calling - Platinum");
        Assert.False(match.IsResolved);
        Assert.False(match.IsAmbiguous);
        Assert.All(match.Candidates, l => Assert.Equal(ServiceFamily.Calling, l.Family));
        Assert.DoesNotContain(Suspended, match.Candidates);
    }

    [Fact]
    public void A_name_with_an_unknown_subscription_offers_that_name_in_other_subscriptions()
    {
        var match = LicenceLookup.Find(Org(), "Webex Calling - Basic [Sub-XYZ]");
        Assert.False(match.IsResolved);
        Assert.Equal([Basic], match.Candidates);
    }
}
