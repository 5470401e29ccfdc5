using System.Net;
using LicenseBot.Core.Conversation;
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

    private AdminGate Gate() => new(_webex.Object, new Monitor<BotOptions>(_bot), new Monitor<AdminAccessOptions>(_options), _time, NullLogger<AdminGate>.Instance);

    private void Roles(string personId, params string[] roles) =>
        _webex.Setup(w => w.GetPersonAsync(personId, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new WebexPerson { Id = personId, Roles = roles });

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
