using System.Net;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LicenseBot.Tests.Jobs;

public sealed class RowApplierTests
{
    private static readonly JobRow Row = new("J1", 1, 2, "bob@acme.test", "P-BOB", ["OLD", "MTG"], [new LicenceAdd("NEW", "LOC", "+31", "1001")], ["OLD"],
        "old + mtg", "mtg + new", RowState.Pending);

    private static readonly Dictionary<string, string> Labels = new() { ["OLD"] = "Calling [Sub-OLD]", ["NEW"] = "Calling [Sub-NEW]" };

    private readonly Mock<IWebexAdmin> _admin = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _time = new();
    private int _journaled;

    private RowApplier Applier()
    {
        var options = Options.Create(new JobsOptions { RetryBackoff = TimeSpan.Zero, MaxAttempts = 3 });
        return new RowApplier(_admin.Object, options, _time, NullLogger<RowApplier>.Instance);
    }

    private Task<RowResult> ApplyAsync() => Applier().ApplyAsync(Row, Labels, _ => { _journaled++; return Task.CompletedTask; }, CancellationToken.None);

    private static LicensePatchResult Answer(int status, params string[] licences) =>
        new(status, new UserLicensesResponse { Licenses = licences }, "TRACK");

    private static WebexApiException Error(HttpStatusCode status, params int[] codes) => new(status, "nope", codes, "TRACK-ERR", TimeSpan.Zero);

    [Fact]
    public async Task A_move_is_one_patch_adding_new_with_the_users_calling_properties_then_removing_old()
    {
        LicensePatchRequest? sent = null;
        _admin.Setup(a => a.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>()))
            .Callback<LicensePatchRequest, CancellationToken>((r, _) => sent = r).ReturnsAsync(Answer(200, "MTG", "NEW"));

        var result = await ApplyAsync();

        Assert.Equal((RowState.Done, "TRACK"), (result.State, result.TrackingId));
        Assert.Equal("P-BOB", sent!.PersonId);
        Assert.Equal([new LicenseOperationRequest("NEW", "add", new LicenseProperties("LOC", "+31", "1001")), new LicenseOperationRequest("OLD", "remove")], sent.Licenses);
        Assert.Equal(1, _journaled);
    }

    [Fact]
    public async Task A_206_is_a_failed_row_naming_the_operation_that_did_not_apply()
    {
        _admin.Setup(a => a.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(Answer(206, "MTG"));

        var result = await ApplyAsync();

        Assert.Equal(RowState.Failed, result.State);
        Assert.Contains("206", result.Error?.In(BotLanguage.English));
        Assert.Contains("add Calling [Sub-NEW] did not apply", result.Error?.In(BotLanguage.English));
        Assert.DoesNotContain("remove", result.Error?.In(BotLanguage.English));
    }

    [Fact]
    public async Task A_200_whose_answer_lacks_the_change_is_not_reported_as_done()
    {
        _admin.Setup(a => a.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>())).ReturnsAsync(Answer(200, "OLD", "MTG"));

        var result = await ApplyAsync();

        Assert.Equal(RowState.Failed, result.State);
        Assert.Contains("did not stick", result.Error?.In(BotLanguage.English));
    }

    [Fact]
    public async Task A_429_is_sent_again_after_the_pause_without_reading_first()
    {
        _admin.SetupSequence(a => a.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new WebexApiException(HttpStatusCode.TooManyRequests, "slow down", [], "T", TimeSpan.Zero))
            .ReturnsAsync(Answer(200, "MTG", "NEW"));

        var result = await ApplyAsync();

        Assert.Equal(RowState.Done, result.State);
        Assert.Equal(2, _journaled);
        _admin.Verify(a => a.GetPersonAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task After_a_503_the_user_is_read_and_the_patch_goes_again_only_because_nothing_applied()
    {
        _admin.SetupSequence(a => a.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(Error(HttpStatusCode.ServiceUnavailable))
            .ReturnsAsync(Answer(200, "MTG", "NEW"));
        _admin.Setup(a => a.GetPersonAsync("P-BOB", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new WebexPerson { Id = "P-BOB", Licenses = ["OLD", "MTG"] });

        var result = await ApplyAsync();

        Assert.Equal(RowState.Done, result.State);
        _admin.Verify(a => a.GetPersonAsync("P-BOB", false, It.IsAny<CancellationToken>()), Times.Once);
        _admin.Verify(a => a.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task After_a_503_that_did_apply_the_row_is_done_and_never_sent_twice()
    {
        _admin.Setup(a => a.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(Error(HttpStatusCode.ServiceUnavailable));
        _admin.Setup(a => a.GetPersonAsync("P-BOB", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new WebexPerson { Id = "P-BOB", Licenses = ["MTG", "NEW"] });

        var result = await ApplyAsync();

        Assert.Equal(RowState.Done, result.State);
        _admin.Verify(a => a.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_webex_refusal_of_a_rule_names_the_rule_the_code_and_the_tracking_id()
    {
        _admin.Setup(a => a.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(Error(HttpStatusCode.BadRequest, 400404));

        var result = await ApplyAsync();

        Assert.Equal((RowState.Failed, "TRACK-ERR"), (result.State, result.TrackingId));
        Assert.Equal("R1: Webex refused: a user cannot hold Calling Professional and Calling Standard together. (Webex error 400404)", result.Error?.In(BotLanguage.English));
    }

    [Fact]
    public async Task A_webex_refusal_with_a_code_the_bot_does_not_know_keeps_webexs_message_and_the_code()
    {
        _admin.Setup(a => a.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(Error(HttpStatusCode.BadRequest, 400999));

        var result = await ApplyAsync();

        Assert.Equal("Webex refused the change (400): nope (Webex error 400999)", result.Error?.In(BotLanguage.English));
    }

    [Fact]
    public async Task A_webex_refusal_fails_the_row_with_its_code_and_tracking_id()
    {
        _admin.Setup(a => a.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(Error(HttpStatusCode.BadRequest, 400411));

        var result = await ApplyAsync();

        Assert.Equal((RowState.Failed, "TRACK-ERR"), (result.State, result.TrackingId));
        Assert.Equal("Webex refused: a calling licence was added without its calling properties (number or extension, and location). (Webex error 400411)", result.Error?.In(BotLanguage.English));
    }

    [Fact]
    public async Task Webex_down_for_every_attempt_fails_the_row_after_reading_it_each_time()
    {
        _admin.Setup(a => a.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(Error(HttpStatusCode.BadGateway));
        _admin.Setup(a => a.GetPersonAsync("P-BOB", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new WebexPerson { Id = "P-BOB", Licenses = ["OLD", "MTG"] });

        var result = await ApplyAsync();

        Assert.Equal(RowState.Failed, result.State);
        Assert.Contains("3 attempts", result.Error?.In(BotLanguage.English));
        _admin.Verify(a => a.PatchUserLicensesAsync(It.IsAny<LicensePatchRequest>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
    }
}
