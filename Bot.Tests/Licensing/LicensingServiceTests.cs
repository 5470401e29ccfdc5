using System.Net;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Applying;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Licensing.Facts;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LicenseBot.Tests.Licensing;

public sealed class LicensingServiceTests
{
    private readonly Mock<IWebexAdmin> _webex = new(MockBehavior.Strict);
    private readonly Mock<IAuditLog> _audit = new();
    private readonly List<AuditEntry> _entries = [];
    private readonly List<LicensePatchRequest> _patches = [];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero));
    private readonly LicensingService _service;

    private static readonly WebexLicense[] Licences =
    [
        new() { Id = "L-CALL-PRO-OLD", Name = "Webex Calling - Professional", SubscriptionId = "Sub-OLD", TotalUnits = 10, ConsumedUnits = 3 },
        new() { Id = "L-CALL-PRO-NEW", Name = "Webex Calling - Professional", SubscriptionId = "Sub-NEW", TotalUnits = 10, ConsumedUnits = 0 },
        new() { Id = "L-MSG", Name = "Messaging - Webex Messaging", SubscriptionId = "Sub-NEW", TotalUnits = 10, ConsumedUnits = 3 },
        new() { Id = "L-MTG", Name = "Meeting - Webex Meetings", SubscriptionId = "Sub-NEW", TotalUnits = 10, ConsumedUnits = 3, SiteUrl = "acme.webex.com" },
        new() { Id = "L-SUSP", Name = "Webex Calling - Professional", SubscriptionId = "Sub-SUSP", TotalUnits = 10, ConsumedUnits = 1 },
    ];

    private static WebexPerson Bob(params string[] licences) => new()
    {
        Id = "P-BOB",
        Emails = ["bob@acme.test"],
        DisplayName = "Bob Builder",
        Status = "active",
        Licenses = licences,
        LocationId = licences.Any(l => l.StartsWith("L-CALL", StringComparison.Ordinal)) ? "LOC-AMS" : null,
        Extension = licences.Any(l => l.StartsWith("L-CALL", StringComparison.Ordinal)) ? "1002" : null,
        PhoneNumbers = licences.Any(l => l.StartsWith("L-CALL", StringComparison.Ordinal)) ? [new WebexPhoneNumber("work", "+31201234568")] : null,
    };

    public LicensingServiceTests()
    {
        var facts = new ConfiguredLicensingFacts(new StaticOptions(new LicensingFactsOptions
        {
            Subscriptions = new(StringComparer.OrdinalIgnoreCase) { ["Sub-SUSP"] = SubscriptionState.Suspended },
        }));
        _webex.Setup(w => w.ListLicensesAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Licences);
        _audit.Setup(a => a.AppendAsync(It.IsAny<AuditEntry>(), It.IsAny<CancellationToken>()))
            .Callback<AuditEntry, CancellationToken>((e, _) => _entries.Add(e)).Returns(Task.CompletedTask);
        _service = new LicensingService(_webex.Object, facts, facts, _audit.Object, _time,
            Options.Create(new LicensingOptions()), NullLogger<LicensingService>.Instance);
    }

    private void PersonIs(params WebexPerson[] readsInOrder)
    {
        // The first read is the plan's (by e-mail); the re-read before the PATCH and the read-back follow in order.
        var queue = new Queue<WebexPerson>(readsInOrder.Length > 1 ? readsInOrder[1..] : readsInOrder);
        _webex.Setup(w => w.FindPersonByEmailAsync("bob@acme.test", true, It.IsAny<CancellationToken>())).ReturnsAsync(readsInOrder[0]);
        _webex.Setup(w => w.GetPersonAsync("P-BOB", true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => queue.Count > 1 ? queue.Dequeue() : queue.Peek());
    }

    private void PatchAnswers(int status, params string[] licences) =>
        _webex.Setup(w => w.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>()))
            .Callback<LicensePatchRequest, CancellationToken>((r, _) => _patches.Add(r))
            .ReturnsAsync(new LicensePatchResult(status, new UserLicensesResponse { PersonId = "P-BOB", Licenses = licences }, "TRK-1"));

    private Task<ChangePlan> PlanMove(string target = "L-CALL-PRO-NEW") =>
        _service.PlanAsync(new MoveLicenceRequest("bob@acme.test", "P-ALICE", target), CancellationToken.None);

    [Fact]
    public async Task Reads_the_org_with_families_subscription_states_and_free_units()
    {
        var org = await _service.GetOrgAsync(CancellationToken.None);
        Assert.Equal(["Sub-OLD", "Sub-NEW", "Sub-SUSP"], org.Subscriptions.Select(s => s.Id));
        Assert.Equal(SubscriptionState.Suspended, org.Subscriptions.Single(s => s.Id == "Sub-SUSP").State);
        Assert.Equal(7, org.Find("L-CALL-PRO-OLD")!.FreeUnits);
        Assert.Equal(ServiceFamily.Meetings, org.Find("L-MTG")!.Family);
    }

    [Fact]
    public async Task Reads_a_user_with_status_and_calling_data()
    {
        PersonIs(Bob("L-CALL-PRO-OLD"));
        var user = await _service.GetUserAsync("  <bob@acme.test> ", CancellationToken.None);
        Assert.Equal(UserStatus.Active, user.Status);
        Assert.Equal(new CallingData("LOC-AMS", "+31201234568", "1002"), user.Calling);
    }

    [Theory]
    [InlineData("bob", LicensingProblem.MalformedEmail)]
    [InlineData("bob@@acme", LicensingProblem.MalformedEmail)]
    [InlineData("nobody@acme.test", LicensingProblem.UnknownUser)]
    public async Task Bad_addresses_get_an_admin_sentence(string email, LicensingProblem problem)
    {
        _webex.Setup(w => w.FindPersonByEmailAsync("nobody@acme.test", true, It.IsAny<CancellationToken>())).ReturnsAsync((WebexPerson?)null);
        var ex = await Assert.ThrowsAsync<LicensingException>(() => _service.GetUserAsync(email, CancellationToken.None));
        Assert.Equal(problem, ex.Problem);
        Assert.Contains(email, ex.Message);
    }

    [Fact]
    public async Task What_a_licensing_failure_says_is_kept_unwritten_so_the_reply_is_in_the_readers_language()
    {
        _webex.Setup(w => w.FindPersonByEmailAsync("nobody@acme.test", true, It.IsAny<CancellationToken>())).ReturnsAsync((WebexPerson?)null);
        var ex = await Assert.ThrowsAsync<LicensingException>(() => _service.GetUserAsync("nobody@acme.test", CancellationToken.None));

        Assert.Equal(LocalText.Of("licensing.error.unknown_user", "nobody@acme.test"), ex.Text);
        Assert.Equal("Nobody with the address nobody@acme.test is in this org.", ex.Text.In(BotLanguage.English));
        Assert.Equal("Er is niemand met het adres nobody@acme.test in deze organisatie.", ex.Text.In(BotLanguage.Dutch));
    }

    [Fact]
    public async Task A_webex_failure_on_read_carries_message_and_tracking_id()
    {
        _webex.Setup(w => w.FindPersonByEmailAsync("bob@acme.test", true, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new WebexApiException(HttpStatusCode.ServiceUnavailable, "Service Unavailable", [], "TRK-503"));
        var ex = await Assert.ThrowsAsync<LicensingException>(() => _service.GetUserAsync("bob@acme.test", CancellationToken.None));
        Assert.Equal(LicensingProblem.WebexUnavailable, ex.Problem);
        Assert.Equal("TRK-503", ex.TrackingId);
        Assert.Contains("TRK-503", ex.Message);
    }

    [Fact]
    public async Task Move_is_one_patch_adding_new_with_the_users_calling_properties_and_removing_old()
    {
        PersonIs(Bob("L-CALL-PRO-OLD", "L-MSG"), Bob("L-CALL-PRO-OLD", "L-MSG"), Bob("L-CALL-PRO-NEW", "L-MSG"));
        PatchAnswers(200, "L-CALL-PRO-NEW", "L-MSG");
        var plan = await PlanMove();

        var result = await _service.ApplyAsync(plan, "P-ALICE", CancellationToken.None);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        var patch = Assert.Single(_patches);
        Assert.Equal("P-BOB", patch.PersonId);
        Assert.Equal(
            [new LicenseOperationRequest("L-CALL-PRO-NEW", "add", new LicenseProperties("LOC-AMS", "+31201234568", "1002")),
             new LicenseOperationRequest("L-CALL-PRO-OLD", "remove")],
            patch.Licenses);
        Assert.Equal("TRK-1", result.TrackingId);
    }

    [Fact]
    public async Task Applied_change_is_audited_with_who_asked_who_confirmed_before_after_and_tracking_id()
    {
        PersonIs(Bob("L-CALL-PRO-OLD"), Bob("L-CALL-PRO-OLD"), Bob("L-CALL-PRO-NEW"));
        PatchAnswers(200, "L-CALL-PRO-NEW");
        var plan = await PlanMove();
        _time.Advance(TimeSpan.FromMinutes(2));

        await _service.ApplyAsync(plan, "P-CAROL", CancellationToken.None);

        var entry = Assert.Single(_entries);
        Assert.Equal(("P-ALICE", "P-CAROL", "bob@acme.test"), (entry.RequestedBy, entry.ConfirmedBy, entry.Email));
        Assert.Equal(["L-CALL-PRO-OLD"], entry.Before);
        Assert.Equal(["L-CALL-PRO-NEW"], entry.After);
        Assert.Equal(("Applied", "TRK-1"), (entry.Outcome, entry.TrackingId));
        Assert.Equal(_time.GetUtcNow(), entry.At);
    }

    [Fact]
    public async Task A_stale_plan_is_refused_without_sending_anything()
    {
        PersonIs(Bob("L-CALL-PRO-OLD"), Bob("L-CALL-PRO-OLD", "L-MSG"));
        var plan = await PlanMove();

        var result = await _service.ApplyAsync(plan, "P-ALICE", CancellationToken.None);

        Assert.Equal(ApplyOutcome.Stale, result.Outcome);
        _webex.Verify(w => w.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Empty(_entries);
    }

    [Fact]
    public async Task A_206_is_reported_per_licence_and_loudly_when_calling_is_gone()
    {
        // Webex's worst case: only the removal applied.
        PersonIs(Bob("L-CALL-PRO-OLD"), Bob("L-CALL-PRO-OLD"), Bob());
        PatchAnswers(206);
        var plan = await PlanMove();

        var result = await _service.ApplyAsync(plan, "P-ALICE", CancellationToken.None);

        Assert.Equal(ApplyOutcome.Partial, result.Outcome);
        Assert.False(result.IsSuccess);
        var failed = Assert.Single(result.Failed);
        Assert.Equal(("L-CALL-PRO-NEW", LicenceOperation.Add), (failed.Licence.Id, failed.Operation));
        Assert.True(result.LeftWithoutCalling);
        Assert.Equal("add Webex Calling - Professional [Sub-NEW] did not apply", Assert.Single(_entries).Detail?.In(BotLanguage.English));
    }

    [Fact]
    public async Task A_200_that_did_not_stick_is_not_success()
    {
        PersonIs(Bob("L-CALL-PRO-OLD"), Bob("L-CALL-PRO-OLD"), Bob("L-CALL-PRO-OLD"));
        PatchAnswers(200, "L-CALL-PRO-NEW");
        var plan = await PlanMove();

        var result = await _service.ApplyAsync(plan, "P-ALICE", CancellationToken.None);

        Assert.Equal(ApplyOutcome.NotApplied, result.Outcome);
        Assert.Equal(2, result.Failed.Count);
        Assert.False(result.LeftWithoutCalling);
    }

    [Fact]
    public async Task A_refusal_is_mapped_to_its_rule_read_back_and_never_retried()
    {
        PersonIs(Bob("L-CALL-PRO-OLD"));
        _webex.Setup(w => w.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new WebexApiException(HttpStatusCode.BadRequest, "Not allowed", [400112], "TRK-400"));
        var plan = await PlanMove();

        var result = await _service.ApplyAsync(plan, "P-ALICE", CancellationToken.None);

        Assert.Equal(ApplyOutcome.Refused, result.Outcome);
        Assert.Equal("R12", Assert.Single(result.WebexFindings).RuleId);
        Assert.Equal(("TRK-400", 400), (result.TrackingId, result.HttpStatus));
        _webex.Verify(w => w.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>()), Times.Once);
        _webex.Verify(w => w.GetPersonAsync("P-BOB", true, It.IsAny<CancellationToken>()), Times.Exactly(2));
        Assert.Equal("Refused", Assert.Single(_entries).Outcome);
    }

    [Fact]
    public async Task A_server_error_that_still_applied_part_is_reported_as_partial()
    {
        PersonIs(Bob("L-CALL-PRO-OLD"), Bob("L-CALL-PRO-OLD"), Bob());
        _webex.Setup(w => w.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new WebexApiException(HttpStatusCode.ServiceUnavailable, "busy", [], "TRK-503"));
        var plan = await PlanMove();

        var result = await _service.ApplyAsync(plan, "P-ALICE", CancellationToken.None);

        Assert.Equal(ApplyOutcome.Partial, result.Outcome);
        Assert.True(result.LeftWithoutCalling);
        _webex.Verify(w => w.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Destructive_removal_sends_only_the_removal()
    {
        PersonIs(Bob("L-CALL-PRO-OLD", "L-MSG"), Bob("L-CALL-PRO-OLD", "L-MSG"), Bob("L-MSG"));
        PatchAnswers(200, "L-MSG");
        var plan = await _service.PlanAsync(new EditLicencesRequest("bob@acme.test", "P-ALICE", ["L-MSG"], new Dictionary<string, MeetingAccountType>()), CancellationToken.None);
        Assert.True(plan.RemovesCallingWithoutReplacement);

        var result = await _service.ApplyAsync(plan, "P-ALICE", CancellationToken.None);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal([new LicenseOperationRequest("L-CALL-PRO-OLD", "remove")], Assert.Single(_patches).Licenses);
        Assert.False(result.LeftWithoutCalling);
    }

    [Fact]
    public async Task Plan_refuses_a_licence_of_a_suspended_subscription()
    {
        PersonIs(Bob("L-CALL-PRO-OLD"));
        var plan = await PlanMove("L-SUSP");
        Assert.True(plan.IsBlocked);
        Assert.Equal("R6", Assert.Single(plan.Violations).RuleId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _service.ApplyAsync(plan, "P-ALICE", CancellationToken.None));
    }

    private sealed class StaticOptions(LicensingFactsOptions value) : IOptionsMonitor<LicensingFactsOptions>
    {
        public LicensingFactsOptions CurrentValue => value;
        public LicensingFactsOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<LicensingFactsOptions, string?> listener) => null;
    }
}
