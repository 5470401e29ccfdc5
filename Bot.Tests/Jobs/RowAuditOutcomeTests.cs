using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Applying;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Text;

namespace LicenseBot.Tests.Jobs;

/// <summary>A bulk row's audit outcome uses the same words as a single edit, so `audit` reads the same for both.</summary>
public sealed class RowAuditOutcomeTests
{
    private static readonly JobRow Row = new("J1", 1, 2, "bob@acme.test", "P-BOB", ["OLD", "MSG"], [new LicenceAdd("NEW")], ["OLD"], "", "", RowState.Applying);

    [Theory]
    [InlineData(RowState.Done, new[] { "MSG", "NEW" }, false, ApplyOutcome.Applied)]
    [InlineData(RowState.Failed, new[] { "OLD", "MSG", "NEW" }, false, ApplyOutcome.Partial)]
    [InlineData(RowState.Failed, new[] { "MSG", "OLD" }, false, ApplyOutcome.NotApplied)]
    [InlineData(RowState.Failed, null, true, ApplyOutcome.Refused)]
    [InlineData(RowState.Failed, null, false, ApplyOutcome.Failed)]
    public void A_rows_result_is_audited_as_applied_partial_not_applied_refused_or_failed(RowState state, string[]? after, bool refused, ApplyOutcome expected)
    {
        var result = new RowResult(state, state == RowState.Done ? null : LocalText.Verbatim("why"), "TRACK", after) { Refused = refused };

        Assert.Equal(expected, BulkJobRunner.Outcome(Row, result));
    }

    [Fact]
    public void What_a_user_held_before_is_read_from_what_they_hold_after_including_a_licence_added_meanwhile()
    {
        // Someone gave Bob CX Basic between the plan and the row's turn; the row does not touch it.
        Assert.Equal(["MSG", "CXB", "OLD"], Row.BeforeIdsGiven(["MSG", "NEW", "CXB"]));
    }
}
