using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Tests.Harness;
using static LicenseBot.Tests.Licensing.LicensingTestData;

namespace LicenseBot.Tests.Licensing;

/// <summary>Two meeting licences of one subscription for different sites must never read the same to an admin.</summary>
public sealed class LicenceLabelTests
{
    private static readonly Licence MeetAcme = TestLicences.Of("L-MTG-ACME", "Meeting - Webex Meetings", "Sub-OLD", site: "acme.webex.com");
    private static readonly Licence MeetEu = TestLicences.Of("L-MTG-EU", "Meeting - Webex Meetings", "Sub-OLD", site: "acme-eu.webex.com");
    private static OrgLicences TwinOrg() => new([ProOld, ProNew, MeetAcme, MeetEu]);

    [Fact]
    public void A_meeting_licence_with_a_site_names_its_site_other_licences_read_as_before()
    {
        Assert.Equal("Meeting - Webex Meetings (acme.webex.com) [Sub-OLD]", MeetAcme.Label);
        Assert.Equal("Meeting - Webex Meetings (acme-eu.webex.com) [Sub-OLD]", MeetEu.Label);
        Assert.Equal("Webex Calling - Professional [Sub-OLD]", ProOld.Label);
    }

    [Fact]
    public void The_licences_card_tells_the_two_site_licences_apart()
    {
        var card = new LicencesCards().Overview(TwinOrg());
        Assert.Contains("Meeting - Webex Meetings (acme.webex.com) [Sub-OLD]", card.Fallback);
        Assert.Contains("Meeting - Webex Meetings (acme-eu.webex.com) [Sub-OLD]", card.Fallback);
    }

    [Fact]
    public void The_plain_name_and_subscription_is_ambiguous_and_offers_both_sites()
    {
        var match = LicenceLookup.Find(TwinOrg(), "Meeting - Webex Meetings [Sub-OLD]");
        Assert.False(match.IsResolved);
        Assert.True(match.IsAmbiguous);
        Assert.Equal(["L-MTG-ACME", "L-MTG-EU"], match.Candidates.Select(l => l.Id).Order());
    }

    [Fact]
    public void The_label_as_a_card_shows_it_resolves_to_that_site()
    {
        Assert.Equal(MeetEu, LicenceLookup.Find(TwinOrg(), "Meeting - Webex Meetings (acme-eu.webex.com) [Sub-OLD]").Licence);
        Assert.Equal(ProOld, LicenceLookup.Find(TwinOrg(), "Webex Calling - Professional [Sub-OLD]").Licence);
    }
}
