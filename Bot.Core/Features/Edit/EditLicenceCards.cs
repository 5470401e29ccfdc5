using System.Text;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Licensing.Applying;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Licensing.Planning;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Edit;

/// <summary>
/// The cards of a licence change (edit and move): the edit form, the confirmation with the exact difference, the
/// second confirmation of a calling removal (R5), and the result. Knows nothing of Webex calls.
/// </summary>
public sealed class EditLicenceCards
{
    public const string PlanStep = "plan";
    public const string ConfirmStep = "confirm";
    public const string ConfirmRemovalStep = "confirm-removal";
    public const string CancelStep = "cancel";
    public const string None = "none";
    public const string EmailKey = "email";

    private const string FamilyInput = "family:";
    private const string SiteInput = "site:";

    /// <summary>One choice set per service family (values: licence ids, plus "none"), and the account type per meetings site (R4).</summary>
    public LicenceCard Edit(LicensedUser user, OrgLicences org, string flow)
    {
        var body = new List<CardElement>
        {
            LicenceText.Title(BotText.Format("edit.form.title", user.DisplayName)),
            new TextBlock(BotText.Format("edit.form.intro", user.Email)) { IsSubtle = true, Spacing = Spacing.None },
        };
        foreach (var family in org.ByFamily())
        {
            var current = family.Where(l => user.HasLicence(l.Id)).Select(l => l.Id).ToList();
            var multi = family.Key is ServiceFamily.Meetings or ServiceFamily.Other || current.Count > 1;
            var choices = family.Select(l => new Choice(ChoiceTitle(l), l.Id)).Append(new Choice(BotText.Get("edit.form.none"), None)).ToList();
            body.Add(new InputChoiceSet(choices)
            {
                Id = FamilyInput + family.Key,
                Label = LicenceText.Family(family.Key),
                IsMultiSelect = multi ? true : null,
                Value = current.Count == 0 ? (multi ? null : None) : string.Join(",", current),
                Style = ChoiceInputStyle.Compact,
                // Multi-select is drawn as check boxes: long licence names (and longer languages) wrap instead of being cut off.
                Wrap = true,
            });
        }
        foreach (var site in MeetingSites(org))
        {
            var attendee = user.AttendeeSites.Contains(site, StringComparer.OrdinalIgnoreCase);
            body.Add(new InputChoiceSet(
            [
                new Choice(BotText.Get("edit.form.host"), nameof(MeetingAccountType.Host)),
                new Choice(BotText.Get("edit.form.attendee"), nameof(MeetingAccountType.Attendee)),
            ])
            {
                Id = SiteInput + site,
                Label = BotText.Format("edit.form.site", site),
                Value = attendee ? nameof(MeetingAccountType.Attendee) : nameof(MeetingAccountType.Host),
                Style = ChoiceInputStyle.Expanded,
            });
        }
        var card = new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new SubmitAction(BotText.Get("edit.form.review"), new CardActionData(flow, PlanStep).With(EmailKey, user.Email)) { Style = ActionStyle.Positive },
                new SubmitAction(BotText.Get("edit.cancel"), new CardActionData(flow, CancelStep)),
            ],
        };
        return new LicenceCard(card, BotText.Format("edit.form.fallback", user.DisplayName, user.Email));
    }

    /// <summary>
    /// Reads the edit form back: the complete licence set (families not on the card keep what the user has) and the
    /// account types the admin chose. Unknown ids are passed on so the plan names them instead of dropping them.
    /// </summary>
    public static EditLicencesRequest ReadEdit(IReadOnlyDictionary<string, string> inputs, LicensedUser user, OrgLicences org, string requestedBy)
    {
        var licences = new List<string>();
        var familiesOnCard = new HashSet<ServiceFamily>();
        foreach (var (key, value) in inputs)
        {
            if (!key.StartsWith(FamilyInput, StringComparison.Ordinal) || !Enum.TryParse<ServiceFamily>(key[FamilyInput.Length..], out var family)) continue;
            familiesOnCard.Add(family);
            licences.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(v => v != None));
        }
        foreach (var id in user.LicenceIds)
        {
            var family = org.Find(id)?.Family;
            if (family is null || !familiesOnCard.Contains(family.Value)) licences.Add(id);
        }
        var types = new Dictionary<string, MeetingAccountType>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in inputs)
        {
            if (key.StartsWith(SiteInput, StringComparison.Ordinal) && Enum.TryParse<MeetingAccountType>(value, ignoreCase: true, out var type))
                types[key[SiteInput.Length..]] = type;
        }
        return new EditLicencesRequest(user.Email, requestedBy, licences.Distinct(StringComparer.Ordinal).ToList(), types);
    }

    /// <summary>The exact difference, with Confirm… and Cancel…; a plan with violations gets no Confirm.</summary>
    public LicenceCard Confirm(ChangePlan plan, string flow, string token)
    {
        var (body, md) = Difference(plan, BotText.Format("edit.confirm.title", plan.User.DisplayName));
        if (plan.RemovesCallingWithoutReplacement)
        {
            body.Add(new TextBlock(BotText.Get("edit.confirm.removal_follows")) { Color = TextColor.Attention, Weight = TextWeight.Bolder });
            md.Append('\n').Append(BotText.Get("edit.confirm.removal_follows"));
        }
        var card = new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new SubmitAction(BotText.Get("edit.confirm.action"), new CardActionData(flow, ConfirmStep, token)) { Style = ActionStyle.Positive },
                new SubmitAction(BotText.Get("edit.cancel"), new CardActionData(flow, CancelStep, token)),
            ],
        };
        return new LicenceCard(card, md.ToString());
    }

    /// <summary>A plan that breaks rules: the difference and every violation with its rule id; nothing to confirm.</summary>
    public LicenceCard Blocked(ChangePlan plan)
    {
        var (body, md) = Difference(plan, BotText.Format("edit.blocked.title", plan.User.DisplayName));
        body.Add(LicenceText.Heading(BotText.Get("edit.blocked.violations")));
        foreach (var v in plan.Violations)
        {
            body.Add(new TextBlock(BotText.Format("edit.finding", v.RuleId, BotText.Render(v.Text))) { Color = TextColor.Attention });
            md.Append('\n').Append("- ").Append(BotText.Format("edit.finding", v.RuleId, BotText.Render(v.Text)));
        }
        body.Add(new TextBlock(BotText.Get("edit.blocked.nothing")) { IsSubtle = true });
        md.Append("\n\n").Append(BotText.Get("edit.blocked.nothing"));
        return new LicenceCard(new AdaptiveCard { Body = body }, md.ToString());
    }

    /// <summary>R5's second confirmation: what is lost for good, with a destructive Confirm removal….</summary>
    public LicenceCard ConfirmRemoval(ChangePlan plan, string flow, string token)
    {
        var calling = plan.Removed.First(l => l.Kind.IsCalling);
        var data = plan.User.Calling;
        var lost = new List<Fact>
        {
            new(BotText.Get("licensing.user.number"), data?.PhoneNumber ?? "-"),
            new(BotText.Get("licensing.user.extension"), data?.Extension ?? "-"),
            new(BotText.Get("edit.removal.voicemail"), BotText.Get("edit.removal.voicemail_value")),
            new(BotText.Get("edit.removal.settings"), BotText.Get("edit.removal.settings_value")),
        };
        var body = new List<CardElement>
        {
            LicenceText.Title(BotText.Format("edit.removal.title", plan.User.DisplayName)),
            new TextBlock(BotText.Format("edit.removal.intro", calling.Label, plan.User.DisplayName, plan.User.Email)) { Color = TextColor.Attention },
            new FactSet(lost),
            new TextBlock(BotText.Get("edit.removal.instead")) { IsSubtle = true },
        };
        var card = new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new SubmitAction(BotText.Get("edit.removal.action"), new CardActionData(flow, ConfirmRemovalStep, token)) { Style = ActionStyle.Destructive },
                new SubmitAction(BotText.Get("edit.cancel"), new CardActionData(flow, CancelStep, token)),
            ],
        };
        var md = $"**{BotText.Format("edit.removal.title", plan.User.DisplayName)}**\n\n{BotText.Format("edit.removal.intro", calling.Label, plan.User.DisplayName, plan.User.Email)}\n"
            + LicenceText.Bullets(lost.Select(f => $"{f.Title}: {f.Value}"));
        return new LicenceCard(card, md);
    }

    /// <summary>After the PATCH: the new set as read back, per-licence failures (loud when calling is gone), tracking id.</summary>
    public LicenceCard Result(ApplyResult result)
    {
        var plan = result.Plan;
        var outcome = result.Outcome.ToString().ToLowerInvariant();
        var title = BotText.Format($"edit.result.{outcome}", plan.User.DisplayName);
        var body = new List<CardElement> { new TextBlock(title) { Size = TextSize.Medium, Weight = TextWeight.Bolder, Color = result.IsSuccess ? TextColor.Good : TextColor.Attention } };
        var md = new StringBuilder($"**{title}**\n");

        if (result.LeftWithoutCalling)
        {
            var loud = BotText.Format("edit.result.nocalling", plan.User.DisplayName);
            body.Add(new Container([new TextBlock(loud) { Weight = TextWeight.Bolder, Color = TextColor.Attention }]) { Style = ContainerStyle.Attention });
            md.Append("\n**").Append(loud).Append("**\n");
        }
        foreach (var op in result.Operations)
        {
            var key = $"edit.result.{op.Operation.ToString().ToLowerInvariant()}.{(op.Applied ? "ok" : "failed")}";
            var line = BotText.Format(key, op.Licence.Label);
            body.Add(LicenceText.Line(line, op.Applied ? TextColor.Good : TextColor.Attention));
            md.Append("\n- ").Append(line);
        }
        foreach (var f in result.WebexFindings)
        {
            var line = BotText.Format("edit.finding", f.RuleId, BotText.Render(f.Text));
            body.Add(LicenceText.Line(line, TextColor.Attention));
            md.Append("\n- ").Append(line);
        }
        var facts = new List<Fact>();
        if (result.AfterActual is { } after)
        {
            facts.Add(new Fact(BotText.Get("edit.result.now"), after.Count == 0 ? BotText.Get("licensing.user.nolicences") : string.Join(", ", after.Select(l => l.Label))));
        }
        else
        {
            facts.Add(new Fact(BotText.Get("edit.result.now"), BotText.Get("edit.result.unknown_state")));
        }
        if (result.WebexMessage is not null) facts.Add(new Fact(BotText.Get("edit.result.webex"), result.WebexMessage));
        facts.Add(new Fact(BotText.Get("edit.result.tracking"), result.TrackingId ?? "-"));
        body.Add(new FactSet(facts) { Spacing = Spacing.Medium });
        md.Append("\n\n").Append(LicenceText.Bullets(facts.Select(f => $"{f.Title}: {f.Value}")));
        return new LicenceCard(new AdaptiveCard { Body = body }, md.ToString());
    }

    private static (List<CardElement> Body, StringBuilder Md) Difference(ChangePlan plan, string title)
    {
        var body = new List<CardElement>
        {
            LicenceText.Title(title),
            new TextBlock(plan.User.Email) { IsSubtle = true, Spacing = Spacing.None },
        };
        var md = new StringBuilder($"**{title}** ({plan.User.Email})\n");
        if (plan.Added.Count > 0)
        {
            body.Add(LicenceText.Heading(BotText.Get("edit.confirm.added")));
            foreach (var l in plan.Added) body.Add(LicenceText.Line(BotText.Format("edit.confirm.add_line", l.Label), TextColor.Good));
            md.Append('\n').Append(BotText.Get("edit.confirm.added")).Append('\n').Append(LicenceText.Bullets(plan.Added.Select(l => BotText.Format("edit.confirm.add_line", l.Label))));
        }
        if (plan.Removed.Count > 0)
        {
            body.Add(LicenceText.Heading(BotText.Get("edit.confirm.removed")));
            foreach (var l in plan.Removed) body.Add(LicenceText.Line(BotText.Format("edit.confirm.remove_line", l.Label), TextColor.Attention));
            md.Append('\n').Append(BotText.Get("edit.confirm.removed")).Append('\n').Append(LicenceText.Bullets(plan.Removed.Select(l => BotText.Format("edit.confirm.remove_line", l.Label))));
        }
        foreach (var s in plan.SiteChanges)
        {
            var line = BotText.Format(s.Add ? "edit.confirm.attendee_add" : "edit.confirm.attendee_remove", s.SiteUrl);
            body.Add(LicenceText.Line(line, s.Add ? TextColor.Good : TextColor.Attention));
            md.Append("\n- ").Append(line);
        }

        var facts = new List<Fact>();
        if (plan.SubscriptionsInvolved.Count > 0)
            facts.Add(new Fact(BotText.Get("edit.confirm.subscriptions"), string.Join(", ", plan.SubscriptionsInvolved)));
        facts.AddRange(plan.Units.Select(u => new Fact(u.Label, BotText.Format("edit.confirm.units_after", u.FreeAfter, u.TotalUnits))));
        if (plan.Added.Any(l => l.Kind.IsCalling) && plan.User.Calling is { } calling)
            facts.Add(new Fact(BotText.Get("edit.confirm.carried"), BotText.Format("edit.confirm.carried_value", calling.PhoneNumber ?? "-", calling.Extension ?? "-")));
        if (facts.Count > 0)
        {
            body.Add(new FactSet(facts) { Spacing = Spacing.Medium });
            md.Append("\n\n").Append(LicenceText.Bullets(facts.Select(f => $"{f.Title}: {f.Value}")));
        }
        if (plan.Warnings.Count > 0)
        {
            body.Add(LicenceText.Heading(BotText.Get("edit.confirm.warnings")));
            foreach (var w in plan.Warnings)
            {
                body.Add(new TextBlock(BotText.Format("edit.finding", w.RuleId, BotText.Render(w.Text))) { Color = TextColor.Warning });
                md.Append("\n- ").Append(BotText.Format("edit.finding", w.RuleId, BotText.Render(w.Text)));
            }
        }
        return (body, md);
    }

    private static string ChoiceTitle(Licence l) =>
        l.CanBeAdded
            ? BotText.Format("edit.form.choice", l.Label, l.FreeUnits)
            : BotText.Format("edit.form.choice_inactive", l.Label, LicenceText.State(l.SubscriptionState));

    private static IEnumerable<string> MeetingSites(OrgLicences org) =>
        org.Licences.Where(l => l.Family == ServiceFamily.Meetings && l.SiteUrl is not null)
            .Select(l => l.SiteUrl!).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase);
}
