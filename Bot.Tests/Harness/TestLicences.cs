using LicenseBot.Core.Licensing.Model;

namespace LicenseBot.Tests.Harness;

/// <summary>
/// The one way tests make a <see cref="Licence"/>: its kind is read from the name (and meeting site) by
/// <see cref="LicenceClassifier"/>, as the bot reads the licences Webex lists. The sample orgs
/// (<c>LicensingTestData</c>, <c>PlanSamples</c>) and single tests all build theirs here.
/// </summary>
internal static class TestLicences
{
    public static Licence Of(string id, string name, string sub = "Sub-NEW", int total = 10, int consumed = 1,
        SubscriptionState state = SubscriptionState.Active, string? site = null) =>
        new(id, name, LicenceClassifier.Classify(name, site), sub, state, total, consumed, site);
}
