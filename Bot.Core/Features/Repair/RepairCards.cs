using System.Text;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Repair;

/// <summary>
/// The cards of a calling repair (R9): what will be removed and assigned again (names, never ids), the second, explicit
/// confirmation of the removal (a destructive button), and what the user holds afterwards. Knows nothing of Webex calls.
/// </summary>
public sealed class RepairCards
{
    public const string Flow = "repair";
    public const string ConfirmStep = "confirm";
    public const string ConfirmRemovalStep = "confirm-removal";
    public const string CancelStep = "cancel";

    /// <summary>The first confirmation: the user's calling licence, location, number, extension, and when the bot added it.</summary>
    public LicenceCard Confirm(RepairPlan plan, string token)
    {
        var title = BotText.Format("repair.confirm.title", plan.User.DisplayName);
        var facts = Facts(plan);
        facts.Add(new Fact(BotText.Get("repair.fact.added"), BotText.Format("repair.fact.added_value", plan.AddedAt.UtcDateTime)));
        var body = new List<CardElement>
        {
            LicenceText.Title(title),
            new TextBlock(plan.User.Email) { IsSubtle = true, Spacing = Spacing.None },
            new TextBlock(BotText.Get("repair.confirm.intro")),
            new FactSet(facts),
            new TextBlock(BotText.Get("repair.confirm.warning")) { Color = TextColor.Attention, Weight = TextWeight.Bolder },
        };
        var card = new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new SubmitAction(BotText.Get("edit.confirm.action"), new CardActionData(Flow, ConfirmStep, token)) { Style = ActionStyle.Positive },
                new SubmitAction(BotText.Get("edit.cancel"), new CardActionData(Flow, CancelStep, token)),
            ],
        };
        var md = new StringBuilder($"**{title}** ({plan.User.Email})\n\n{BotText.Get("repair.confirm.intro")}\n")
            .Append(LicenceText.Bullets(facts.Select(f => $"{f.Title}: {f.Value}")))
            .Append("\n\n").Append(BotText.Get("repair.confirm.warning"));
        return new LicenceCard(card, md.ToString());
    }

    /// <summary>The second, explicit confirmation (R5): what is reset for good, what is assigned again, a destructive button.</summary>
    public LicenceCard ConfirmRemoval(RepairPlan plan, string token)
    {
        var title = BotText.Format("repair.removal.title", plan.Calling.Label, plan.User.DisplayName);
        var intro = BotText.Format("repair.removal.intro", plan.Calling.Label, plan.User.DisplayName, plan.User.Email);
        var facts = new List<Fact>
        {
            new(BotText.Get("repair.removal.lost"), BotText.Get("repair.removal.lost_value")),
            new(BotText.Get("repair.removal.kept"), BotText.Format("repair.removal.kept_value", plan.Data.PhoneNumber ?? "-", plan.Data.Extension ?? "-", Location(plan.LocationName, plan.Data.LocationId))),
        };
        var card = new AdaptiveCard
        {
            Body =
            [
                LicenceText.Title(title),
                new TextBlock(intro) { Color = TextColor.Attention },
                new FactSet(facts),
            ],
            Actions =
            [
                new SubmitAction(BotText.Get("repair.removal.action"), new CardActionData(Flow, ConfirmRemovalStep, token)) { Style = ActionStyle.Destructive },
                new SubmitAction(BotText.Get("edit.cancel"), new CardActionData(Flow, CancelStep, token)),
            ],
        };
        var md = $"**{title}**\n\n{intro}\n" + LicenceText.Bullets(facts.Select(f => $"{f.Title}: {f.Value}"));
        return new LicenceCard(card, md);
    }

    /// <summary>After step 2: what the user holds now, and whether number, extension and location came back.</summary>
    public LicenceCard Result(RepairResult result)
    {
        var plan = result.Plan;
        var complete = result.Complete;
        var title = BotText.Format(complete ? "repair.result.done" : "repair.result.incomplete", plan.User.DisplayName);
        var now = result.CallingNow;
        var facts = new List<Fact>
        {
            new(BotText.Get("edit.result.now"), result.HeldNow.Count == 0 ? BotText.Get("licensing.user.nolicences") : string.Join(", ", result.HeldNow.Select(l => l.Label))),
            Back("licensing.user.number", plan.Data.PhoneNumber, now?.PhoneNumber, plan.Data.PhoneNumber == now?.PhoneNumber),
            Back("licensing.user.extension", plan.Data.Extension, now?.Extension, plan.Data.Extension == now?.Extension),
            Back("licensing.user.location", Location(plan.LocationName, plan.Data.LocationId), now?.LocationId is null ? null : Location(result.LocationNameNow, now.LocationId),
                plan.Data.LocationId == now?.LocationId),
        };
        var body = new List<CardElement>
        {
            new TextBlock(title) { Size = TextSize.Medium, Weight = TextWeight.Bolder, Color = complete ? TextColor.Good : TextColor.Attention },
            new TextBlock(plan.User.Email) { IsSubtle = true, Spacing = Spacing.None },
            new FactSet(facts) { Spacing = Spacing.Medium },
            new TextBlock(BotText.Get("repair.result.after")) { IsSubtle = true },
        };
        var md = new StringBuilder($"**{title}** ({plan.User.Email})\n\n").Append(LicenceText.Bullets(facts.Select(f => $"{f.Title}: {f.Value}")));
        if (result.Resumed)
        {
            body.Add(new TextBlock(BotText.Get("repair.result.resumed")) { IsSubtle = true, Spacing = Spacing.None });
            md.Append("\n\n").Append(BotText.Get("repair.result.resumed"));
        }
        return new LicenceCard(new AdaptiveCard { Body = body }, md.ToString());
    }

    /// <summary>The facts shown before the repair: calling licence, location (its name), number, extension.</summary>
    private static List<Fact> Facts(RepairPlan plan) =>
    [
        new(BotText.Get("repair.fact.licence"), plan.Calling.Label),
        new(BotText.Get("licensing.user.location"), Location(plan.LocationName, plan.Data.LocationId)),
        new(BotText.Get("licensing.user.number"), plan.Data.PhoneNumber ?? "-"),
        new(BotText.Get("licensing.user.extension"), plan.Data.Extension ?? "-"),
    ];

    public static string Location(string? name, string? id) => LicenceText.Location(name, id);

    /// <summary>A value the repair assigns again: "back", or "NOT back" with what the user has instead.</summary>
    private static Fact Back(string titleKey, string? expected, string? actual, bool same)
    {
        var value = expected is null or "-" ? "-"
            : same ? BotText.Format("repair.result.back", expected)
            : BotText.Format("repair.result.notback", expected, string.IsNullOrEmpty(actual) || actual == "-" ? BotText.Get("repair.result.none") : actual);
        return new Fact(BotText.Get(titleKey), value);
    }
}

/// <summary>How a finished repair left the user: the licences they hold now (read back), their calling data, and the location's name.</summary>
public sealed record RepairResult(RepairPlan Plan, IReadOnlyList<Licence> HeldNow, CallingData? CallingNow, string? LocationNameNow, bool Resumed)
{
    /// <summary>The calling licence is back with the same number, extension and location.</summary>
    public bool Complete =>
        HeldNow.Any(l => l.Id == Plan.Calling.Id)
        && CallingNow is { } now
        && now.PhoneNumber == Plan.Data.PhoneNumber && now.Extension == Plan.Data.Extension && now.LocationId == Plan.Data.LocationId;
}
