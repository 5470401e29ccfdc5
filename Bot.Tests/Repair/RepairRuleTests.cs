using LicenseBot.Core.Features.Repair;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LicenseBot.Tests.Repair;

/// <summary>R9 for <c>repair</c>: when the audit log says the bot added a licence, when a repair is refused, and the window's settings.</summary>
public sealed class RepairRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Licence Pro = new("L-PRO", "Webex Calling - Professional", LicenceClassifier.Classify("Webex Calling - Professional"), "Sub-NEW", SubscriptionState.Active, 10, 1);

    private static LicensedUser User(CallingData? calling) =>
        new("P-BOB", "bob@acme.test", "Bob Builder", UserStatus.Active, false, false, ["L-PRO"], calling, [], []);

    private static AuditEntry Entry(DateTimeOffset at, string[] before, string[] after) =>
        new(Guid.NewGuid().ToString("N"), at, "P-BOB", "bob@acme.test", "P-ALICE", "P-ALICE", before, after, "Applied", null, null);

    [Fact]
    public void The_licence_was_added_when_the_newest_entry_that_touched_it_added_it()
    {
        var entries = new[]
        {
            Entry(Now.AddHours(-1), ["L-MSG"], ["L-MSG", "L-MTG"]),
            Entry(Now.AddHours(-2), ["L-OLD", "L-MSG"], ["L-PRO", "L-MSG"]),
            Entry(Now.AddDays(-9), ["L-MSG"], ["L-PRO", "L-MSG"]),
        };
        Assert.Equal(Now.AddHours(-2), AuditTrail.LastAdded(entries, "L-PRO"));
    }

    [Fact]
    public void A_licence_the_bot_last_removed_or_never_touched_was_not_added_by_the_bot()
    {
        Assert.Null(AuditTrail.LastAdded([Entry(Now.AddHours(-1), ["L-PRO"], []), Entry(Now.AddHours(-2), [], ["L-PRO"])], "L-PRO"));
        Assert.Null(AuditTrail.LastAdded([Entry(Now.AddHours(-1), ["L-MSG"], ["L-MTG"])], "L-PRO"));
    }

    [Fact]
    public void A_repair_is_allowed_only_within_the_window_with_calling_data_to_assign_again()
    {
        var data = new CallingData("LOC-AMS", "+31201000002", "1002");
        var day = TimeSpan.FromHours(24);

        Assert.Null(R9CallingRepair.RefuseRepair(User(data), Pro, Now.AddHours(-23), Now, day));
        Assert.Contains("more than 24 hours ago", R9CallingRepair.RefuseRepair(User(data), Pro, Now.AddHours(-25), Now, day)!.Text.In(BotLanguage.English));
        Assert.Contains("2 Dec 2026 08:00 UTC", R9CallingRepair.RefuseRepair(User(data), Pro, Now.AddHours(-1), Now, TimeSpan.FromMinutes(30))!.Text.In(BotLanguage.English));
        Assert.Contains("does not show me adding", R9CallingRepair.RefuseRepair(User(data), Pro, null, Now, day)!.Text.In(BotLanguage.English));
        Assert.Contains("holds no calling licence", R9CallingRepair.RefuseRepair(User(data), null, Now, Now, day)!.Text.In(BotLanguage.English));
        Assert.Contains("without a number or an extension", R9CallingRepair.RefuseRepair(User(new CallingData("LOC-AMS", null, null)), Pro, Now, Now, day)!.Text.In(BotLanguage.English));
        Assert.All([R9CallingRepair.RefuseRepair(User(data), null, Now, Now, day)!], f => Assert.Equal(("R9", FindingSeverity.Violation), (f.RuleId, f.Severity)));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("8.00:00:00")]
    [InlineData("-01:00:00")]
    public void A_window_of_nothing_or_more_than_a_week_is_refused_at_start(string window)
    {
        using var provider = Services(window);
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RepairOptions>>().Value);
        Assert.Contains("Repair", ex.Message);
    }

    [Fact]
    public void The_default_window_is_24_hours_and_a_configured_one_is_used()
    {
        using var byDefault = Services(null);
        Assert.Equal(TimeSpan.FromHours(24), byDefault.GetRequiredService<IOptions<RepairOptions>>().Value.Window);
        using var configured = Services("02:00:00");
        Assert.Equal(TimeSpan.FromHours(2), configured.GetRequiredService<IOptions<RepairOptions>>().Value.Window);
    }

    private static ServiceProvider Services(string? window)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(window is null ? [] : new Dictionary<string, string?> { ["Repair:Window"] = window }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRepair(config);
        return services.BuildServiceProvider();
    }
}
