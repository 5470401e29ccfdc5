using LicenseBot.Core.Licensing.Model;
using LicenseBot.Tests.Harness;

namespace LicenseBot.Tests.Licensing;

public sealed class LicenceClassifierTests
{
    [Theory]
    [InlineData("Webex Calling - Professional", ServiceFamily.Calling, LicenceTier.Professional)]
    [InlineData("webex   calling–professional", ServiceFamily.Calling, LicenceTier.Professional)]
    [InlineData("WEBEX-CALLING PROFESSIONAL", ServiceFamily.Calling, LicenceTier.Professional)]
    [InlineData("Single License - Webex Calling", ServiceFamily.Calling, LicenceTier.Professional)]
    [InlineData("Webex Calling", ServiceFamily.Calling, LicenceTier.Professional)]
    [InlineData("Webex Calling - Basic", ServiceFamily.Calling, LicenceTier.Basic)]
    [InlineData("Webex Calling VAR Basic", ServiceFamily.Calling, LicenceTier.Basic)]
    [InlineData("Webex Calling - Standard", ServiceFamily.Calling, LicenceTier.Standard)]
    [InlineData("Webex Calling - Workspaces", ServiceFamily.Calling, LicenceTier.Workspaces)]
    [InlineData("Unified CM - Registration", ServiceFamily.UnifiedCm, LicenceTier.None)]
    [InlineData("Cisco UCM Registration", ServiceFamily.UnifiedCm, LicenceTier.None)]
    [InlineData("Meeting - Webex Meetings", ServiceFamily.Meetings, LicenceTier.None)]
    [InlineData("Meeting - Webex Meeting Center", ServiceFamily.Meetings, LicenceTier.None)]
    [InlineData("Messaging - Webex Messaging", ServiceFamily.Messaging, LicenceTier.None)]
    [InlineData("Webex Attendant Console", ServiceFamily.AttendantConsole, LicenceTier.None)]
    [InlineData("Customer Experience - Essential", ServiceFamily.CustomerExperience, LicenceTier.Essentials)]
    [InlineData("customer experience essentials", ServiceFamily.CustomerExperience, LicenceTier.Essentials)]
    [InlineData("Customer Experience - Basic", ServiceFamily.CustomerExperience, LicenceTier.Basic)]
    [InlineData("Webex Suite Advanced Add-on", ServiceFamily.Other, LicenceTier.None)]
    [InlineData("", ServiceFamily.Other, LicenceTier.None)]
    public void Classifies_family_and_tier_tolerantly(string name, ServiceFamily family, LicenceTier tier) =>
        Assert.Equal(new LicenceKind(family, tier), LicenceClassifier.Classify(name));

    [Fact]
    public void An_unnamed_licence_with_a_site_is_a_meetings_licence() =>
        Assert.Equal(ServiceFamily.Meetings, LicenceClassifier.Classify("Enterprise Thing", "acme.webex.com").Family);

    [Fact]
    public void An_unknown_licence_is_kept_as_other_in_the_org_view()
    {
        var odd = TestLicences.Of("L-ODD", "Hologram Presence 3000");
        var org = new OrgLicences([LicensingTestData.ProNew, odd]);
        Assert.Contains(org.ByFamily(), g => g.Key == ServiceFamily.Other && g.Single() == odd);
    }
}
