using Microsoft.Extensions.Caching.Memory;
using System.Net;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Access;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LicenseBot.Tests.Licensing;

public sealed class AdminGateTests
{
    private readonly Mock<IWebexAdmin> _webex = new();
    private readonly FakeTimeProvider _time = new();
    private readonly BotOptions _bot = new() { AllowedAdmins = ["helpdesk@acme.test"] };
    private readonly AdminAccessOptions _options = new() { AdminCacheTtl = TimeSpan.FromMinutes(2) };

    private const string Acme = "ORG-ACME";
    private string? _configuredOrg = Acme;

    private AdminGate Gate() => new(_webex.Object, new ManagedOrg(_webex.Object, Options.Create(new LicensingOptions { OrgId = _configuredOrg })),
        new Monitor<BotOptions>(_bot), new Monitor<AdminAccessOptions>(_options), _time, new MemoryCache(new MemoryCacheOptions()), NullLogger<AdminGate>.Instance);

    private void Roles(string personId, params string[] roles) => Person(personId, Acme, roles);

    private void Person(string personId, string orgId, string[] roles, string? email = null) =>
        _webex.Setup(w => w.GetPersonAsync(personId, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new WebexPerson { Id = personId, OrgId = orgId, Roles = roles, Emails = email is null ? [] : [email] });

    private static string RoleId(string name) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("ciscospark://us/ROLE/" + name)).TrimEnd('=');

    [Fact]
    public async Task A_full_admin_of_another_org_is_refused_whatever_roles_webex_reports()
    {
        Person("P-GINA", "ORG-PARTNER", [RoleId("id_full_admin"), "full_admin"], "gina@partner.example");
        Assert.Equal(AdminVerdict.OtherOrg, await Gate().CheckAsync("P-GINA", "gina@partner.example", CancellationToken.None));
    }

    [Fact]
    public async Task A_person_without_an_org_is_not_taken_for_one_of_ours()
    {
        _webex.Setup(w => w.GetPersonAsync("P-X", false, It.IsAny<CancellationToken>())).ReturnsAsync(new WebexPerson { Id = "P-X", Roles = ["full_admin"] });
        Assert.Equal(AdminVerdict.OtherOrg, await Gate().CheckAsync("P-X", null, CancellationToken.None));
    }

    [Fact]
    public async Task Without_Licensing_OrgId_the_managed_org_is_the_admin_tokens_own_read_once()
    {
        _configuredOrg = null;
        _webex.Setup(w => w.GetMeAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new WebexPerson { Id = "APP", OrgId = Acme });
        Roles("P-ALICE", "full_admin");
        Person("P-GINA", "ORG-PARTNER", ["full_admin"]);
        var gate = Gate();
        Assert.Equal(AdminVerdict.FullAdmin, await gate.CheckAsync("P-ALICE", null, CancellationToken.None));
        Assert.Equal(AdminVerdict.OtherOrg, await gate.CheckAsync("P-GINA", null, CancellationToken.None));
        _webex.Verify(w => w.GetMeAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task When_the_managed_org_cannot_be_read_the_verdict_is_unknown()
    {
        _configuredOrg = null;
        _webex.Setup(w => w.GetMeAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new WebexApiException(HttpStatusCode.Unauthorized, "expired", [], "T"));
        Roles("P-ALICE", "full_admin");
        Assert.Equal(AdminVerdict.Unknown, await Gate().CheckAsync("P-ALICE", null, CancellationToken.None));
    }

    [Fact]
    public async Task Allowed_admins_are_matched_on_the_persons_own_emails_when_the_event_carries_none()
    {
        Person("P-GINA", "ORG-PARTNER", [], "Gina@Partner.example");
        _bot.AllowedAdmins = ["gina@partner.example"];
        Assert.Equal(AdminVerdict.AllowedByConfig, await Gate().CheckAsync("P-GINA", null, CancellationToken.None)); // a card submit has no e-mail
    }

    [Fact]
    public async Task Allowed_admins_by_person_id_pass_without_asking_webex()
    {
        _bot.AllowedAdmins = ["P-GINA"];
        Assert.Equal(AdminVerdict.AllowedByConfig, await Gate().CheckAsync("P-GINA", null, CancellationToken.None));
        _webex.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_full_admin_is_recognised_by_the_webex_role_id()
    {
        Roles("P-ALICE", Convert.ToBase64String("ciscospark://us/ROLE/id_full_admin"u8.ToArray()).TrimEnd('='));
        Assert.Equal(AdminVerdict.FullAdmin, await Gate().CheckAsync("P-ALICE", "alice@acme.test", CancellationToken.None));
    }

    [Fact]
    public async Task A_user_without_the_role_is_not_an_admin()
    {
        Roles("P-BOB", Convert.ToBase64String("ciscospark://us/ROLE/id_readonly_admin"u8.ToArray()));
        Assert.Equal(AdminVerdict.NotAdmin, await Gate().CheckAsync("P-BOB", "bob@acme.test", CancellationToken.None));
    }

    [Fact]
    public async Task Allowed_admins_from_config_pass_without_asking_webex()
    {
        Assert.Equal(AdminVerdict.AllowedByConfig, await Gate().CheckAsync("P-HD", "HelpDesk@acme.test", CancellationToken.None));
        _webex.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_role_is_cached_briefly_then_checked_again()
    {
        Roles("P-ALICE", "full_admin");
        var gate = Gate();
        await gate.CheckAsync("P-ALICE", null, CancellationToken.None);
        await gate.CheckAsync("P-ALICE", null, CancellationToken.None);
        _webex.Verify(w => w.GetPersonAsync("P-ALICE", false, It.IsAny<CancellationToken>()), Times.Once);

        Roles("P-ALICE");
        _time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(AdminVerdict.NotAdmin, await gate.CheckAsync("P-ALICE", null, CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_role_check_is_unknown_not_admin()
    {
        _webex.Setup(w => w.GetPersonAsync("P-X", false, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new WebexApiException(HttpStatusCode.ServiceUnavailable, "busy", [], "T"));
        Assert.Equal(AdminVerdict.Unknown, await Gate().CheckAsync("P-X", null, CancellationToken.None));
    }

    private sealed class Monitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;
        public T Get(string? name) => value;
        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
