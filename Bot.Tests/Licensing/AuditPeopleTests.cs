using Microsoft.Extensions.Caching.Memory;
using LicenseBot.Core.Features.Audit;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using LicenseBot.Tests.Harness;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace LicenseBot.Tests.Licensing;

/// <summary>The audit log names who asked and who confirmed by e-mail address, keeping their person ids.</summary>
public sealed class AuditPeopleTests
{
    private static AuditEntry Entry(string id, string confirmedBy = "P-CAROL") => new(id, new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
        "P-BOB", "bob@acme.test", "P-ALICE", confirmedBy, ["L-OLD"], ["L-NEW"], "Applied", "TRK-1", null);

    [Fact]
    public async Task E_mail_addresses_are_looked_up_once_stored_and_shown_instead_of_the_ids()
    {
        await using var db = new TestDatabase(new AuditMigrations());
        var webex = new Mock<IWebexAdmin>(MockBehavior.Strict);
        webex.Setup(w => w.GetPersonAsync("P-ALICE", false, It.IsAny<CancellationToken>())).ReturnsAsync(new WebexPerson { Id = "P-ALICE", Emails = ["alice@acme.test"] });
        webex.Setup(w => w.GetPersonAsync("P-CAROL", false, It.IsAny<CancellationToken>())).ThrowsAsync(new HttpRequestException("down"));
        var log = new NamedAuditLog(new DbAuditLog(db.Database), new PersonDirectory(webex.Object, new MemoryCache(new MemoryCacheOptions()), NullLogger<PersonDirectory>.Instance));

        await log.AppendAsync(Entry("a"), default);
        await log.AppendAsync(Entry("b", confirmedBy: "P-ALICE"), default);
        var entries = (await log.LatestAsync("bob@acme.test", 10, default)).ToDictionary(e => e.Id);

        Assert.Equal(("alice@acme.test", null), (entries["a"].RequestedByEmail, entries["a"].ConfirmedByEmail));
        Assert.Equal(("P-ALICE", "P-CAROL"), (entries["a"].RequestedBy, entries["a"].ConfirmedBy));
        Assert.Equal(("alice@acme.test", "alice@acme.test"), (entries["b"].RequestedByEmail, entries["b"].ConfirmedByEmail));
        webex.Verify(w => w.GetPersonAsync("P-ALICE", false, It.IsAny<CancellationToken>()), Times.Once);

        var org = new OrgLicences([TestLicences.Of("L-OLD", "Webex Calling - Professional", "Sub-OLD"), TestLicences.Of("L-NEW", "Webex Calling - Professional", "Sub-NEW")]);
        var card = new AuditCards().Latest([entries["a"]], "bob@acme.test", new AuditNames(org, new Dictionary<string, string> { ["P-CAROL"] = "Carol Console" })).Fallback;
        Assert.Contains("Asked by: alice@acme.test", card);
        Assert.Contains("Confirmed by: Carol Console", card); // no e-mail stored: the looked-up name
        Assert.Contains("Before: Webex Calling - Professional [Sub-OLD]", card);
        Assert.Contains("After: Webex Calling - Professional [Sub-NEW]", card);
        Assert.DoesNotContain("P-ALICE", card);
        Assert.DoesNotContain("P-CAROL", card);
        Assert.DoesNotContain("L-OLD", card);
    }
}
