using LicenseBot.Core.Jobs;
using LicenseBot.Core.Licensing.Changes;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Options;
using Moq;

namespace LicenseBot.Tests.Jobs;

/// <summary>The job's re-check before a batch is sent, with the Webex admin API mocked (a unit test of one class).</summary>
public sealed class AssignmentCheckerTests
{
    private const string Old = "L-OLD";
    private const string New = "L-NEW";

    [Fact]
    public async Task A_user_the_holder_list_misses_is_read_on_their_own_before_the_row_is_called_changed()
    {
        var rows = Enumerable.Range(1, 10).Select(Row).ToList();
        var admin = new Mock<IWebexAdmin>(MockBehavior.Strict);
        admin.Setup(a => a.ListLicensesAsync(It.IsAny<CancellationToken>())).ReturnsAsync([License(Old, 10), License(New, 0)]);
        // Read while the job's other rows move: the old licence's pages skip user 3, who still holds it.
        admin.Setup(a => a.ListLicenseUsersAsync(Old, It.IsAny<CancellationToken>())).Returns(Holders(rows.Select(r => r.PersonId).Where(id => id != "P3")));
        admin.Setup(a => a.ListLicenseUsersAsync(New, It.IsAny<CancellationToken>())).Returns(Holders([]));
        admin.Setup(a => a.GetPersonAsync("P3", false, It.IsAny<CancellationToken>())).ReturnsAsync(new WebexPerson { Id = "P3", Licenses = [Old] });

        var now = await Checker(admin.Object).ReadAsync(rows, CancellationToken.None);

        Assert.All(rows, r => Assert.Null(AssignmentChecker.WhatChanged(r, now, new Dictionary<string, string>())));
        admin.Verify(a => a.GetPersonAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Once); // only the one in doubt
    }

    [Fact]
    public async Task A_user_changed_by_someone_else_is_still_found_changed()
    {
        var rows = Enumerable.Range(1, 10).Select(Row).ToList();
        var admin = new Mock<IWebexAdmin>(MockBehavior.Strict);
        admin.Setup(a => a.ListLicensesAsync(It.IsAny<CancellationToken>())).ReturnsAsync([License(Old, 10), License(New, 0)]);
        admin.Setup(a => a.ListLicenseUsersAsync(Old, It.IsAny<CancellationToken>())).Returns(Holders(rows.Select(r => r.PersonId).Where(id => id != "P3")));
        admin.Setup(a => a.ListLicenseUsersAsync(New, It.IsAny<CancellationToken>())).Returns(Holders(["P3"]));
        admin.Setup(a => a.GetPersonAsync("P3", false, It.IsAny<CancellationToken>())).ReturnsAsync(new WebexPerson { Id = "P3", Licenses = [New] });

        var now = await Checker(admin.Object).ReadAsync(rows, CancellationToken.None);

        Assert.NotNull(AssignmentChecker.WhatChanged(rows[2], now, new Dictionary<string, string>()));
        Assert.All(rows.Where(r => r.PersonId != "P3"), r => Assert.Null(AssignmentChecker.WhatChanged(r, now, new Dictionary<string, string>())));
    }

    [Fact]
    public async Task Rows_added_to_a_batch_are_checked_against_the_holder_lists_already_read()
    {
        var rows = Enumerable.Range(1, 10).Select(Row).ToList();
        var admin = new Mock<IWebexAdmin>(MockBehavior.Strict);
        admin.Setup(a => a.ListLicensesAsync(It.IsAny<CancellationToken>())).ReturnsAsync([License(Old, 13), License(New, 0)]);
        // The lists name every holder, the batch's or not: P11 and P12 still hold the old licence, P13 is not shown.
        admin.Setup(a => a.ListLicenseUsersAsync(Old, It.IsAny<CancellationToken>())).Returns(Holders(Enumerable.Range(1, 12).Select(i => $"P{i}")));
        admin.Setup(a => a.ListLicenseUsersAsync(New, It.IsAny<CancellationToken>())).Returns(Holders([]));
        admin.Setup(a => a.GetPersonAsync("P13", false, It.IsAny<CancellationToken>())).ReturnsAsync(new WebexPerson { Id = "P13", Licenses = [] });
        admin.Setup(a => a.GetPersonAsync("P14", false, It.IsAny<CancellationToken>())).ReturnsAsync(new WebexPerson { Id = "P14", Licenses = ["L-THIRD"] });
        var checker = Checker(admin.Object);
        var read = await checker.ReadAsync(rows, CancellationToken.None);
        Assert.True(AssignmentChecker.FromHolderLists(read));

        // Row 14 touches a licence whose holders were not read: its user is read on their own.
        var third = new JobRow("J1", 14, 15, "user14@acme.test", "P14", ["L-THIRD"], [new LicenceAdd(New)], ["L-THIRD"], "Third", "New", RowState.Pending);
        var added = new[] { Row(11), Row(12), Row(13), third };
        var now = await checker.ExtendAsync(read, added, CancellationToken.None);

        var labels = new Dictionary<string, string>();
        Assert.All(rows.Concat([added[0], added[1], third]), r => Assert.Null(AssignmentChecker.WhatChanged(r, now, labels)));
        Assert.NotNull(AssignmentChecker.WhatChanged(added[2], now, labels)); // read on their own: the old licence is gone
        admin.Verify(a => a.GetPersonAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        admin.Verify(a => a.ListLicenseUsersAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Exactly(2)); // once per licence, for the first batch
    }

    private static AssignmentChecker Checker(IWebexAdmin admin) => new(admin, Options.Create(new JobsOptions()), TimeProvider.System);

    private static JobRow Row(int i) =>
        new("J1", i, i + 1, $"user{i}@acme.test", $"P{i}", [Old], [new LicenceAdd(New)], [Old], "Old", "New", RowState.Pending);

    private static WebexLicense License(string id, int consumed) => new() { Id = id, Name = id, TotalUnits = 100, ConsumedUnits = consumed };

    private static async IAsyncEnumerable<WebexLicenseUser> Holders(IEnumerable<string> ids)
    {
        foreach (var id in ids) yield return new WebexLicenseUser(id, "user", null, null);
        await Task.CompletedTask;
    }
}
