using System.Globalization;
using System.Text;
using LicenseBot.Core.Journal;
using LicenseBot.Core.Licensing.Rules;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Edit;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Reset;

/// <summary>
/// The cards of an external-user reset (R8): the choice of licences to add again (the edit flow's per-family choice
/// sets), the confirmation naming both steps, why a reset is blocked, and what the journal runner reports (done, not
/// finished yet, given up). Knows nothing of Webex calls.
/// </summary>
public sealed class ResetCards(EditLicenceCards edit)
{
    public const string Flow = "reset";
    public const string StartStep = "start";
    public const string PlanStep = "plan";
    public const string ConfirmStep = "confirm";
    public const string CancelStep = "cancel";

    /// <summary>The input naming the pending user on the <c>external</c> card (never a data key: Webex merges data over inputs).</summary>
    public const string PersonInput = "resetEmail";

    /// <summary>Current licences, then one choice set per service family (the edit flow's), preselected with the current set.</summary>
    public LicenceCard Choose(LicensedUser user, OrgLicences org)
    {
        var current = user.LicenceIds.Select(id => org.Find(id)?.Label ?? LicenseBot.Core.Licensing.Model.Licence.UnknownName).ToList();
        var body = new List<CardElement>
        {
            LicenceText.Title(BotText.Format("reset.choose.title", user.DisplayName)),
            new TextBlock(user.Email) { IsSubtle = true, Spacing = Spacing.None },
            new TextBlock(BotText.Format("reset.choose.intro", user.DisplayName)),
            new FactSet([new Fact(BotText.Get("reset.choose.current"), current.Count == 0 ? BotText.Get("reset.list.nolicences") : string.Join(", ", current))]),
        };
        body.AddRange(edit.Edit(user, org, Flow).Card.AllInputs());
        var card = new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new SubmitAction(BotText.Get("reset.choose.review"), new CardActionData(Flow, PlanStep)) { Style = ActionStyle.Positive },
                new SubmitAction(BotText.Get("reset.cancel"), new CardActionData(Flow, CancelStep)),
            ],
        };
        return new LicenceCard(card, BotText.Format("reset.choose.fallback", user.DisplayName, user.Email));
    }

    /// <summary>Both steps spelled out, units after, warnings; Confirm reset… and Cancel… carry the admin's token.</summary>
    public LicenceCard Confirm(ResetPlan plan, string token)
    {
        var (body, md) = Steps(plan, BotText.Format("reset.confirm.title", plan.User.DisplayName));
        var facts = plan.Units.Select(u => new Fact(u.Label, BotText.Format("reset.confirm.units_after", u.FreeAfter, u.TotalUnits))).ToList();
        if (facts.Count > 0) body.Add(new FactSet(facts) { Spacing = Spacing.Medium });
        if (plan.Warnings.Count > 0)
        {
            body.Add(LicenceText.Heading(BotText.Get("reset.confirm.warnings")));
            foreach (var w in plan.Warnings) body.Add(new TextBlock(BotText.Format("reset.finding", w.RuleId, BotText.Render(w.Text))) { Color = TextColor.Warning });
        }
        var between = BotText.Format("reset.confirm.between", plan.User.DisplayName);
        body.Add(new TextBlock(between) { IsSubtle = true, Spacing = Spacing.Medium });
        md.Append("\n\n").Append(between);
        var card = new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new SubmitAction(BotText.Get("reset.confirm.action"), new CardActionData(Flow, ConfirmStep, token)) { Style = ActionStyle.Positive },
                new SubmitAction(BotText.Get("reset.cancel"), new CardActionData(Flow, CancelStep, token)),
            ],
        };
        return new LicenceCard(card, md.ToString());
    }

    /// <summary>A reset whose licence set breaks rules: the steps and every violation with its rule id; nothing to confirm.</summary>
    public LicenceCard Blocked(ResetPlan plan)
    {
        var (body, md) = Steps(plan, BotText.Format("reset.blocked.title", plan.User.DisplayName));
        body.Add(LicenceText.Heading(BotText.Get("reset.blocked.violations")));
        foreach (var v in plan.Violations)
        {
            var line = BotText.Format("reset.finding", v.RuleId, BotText.Render(v.Text));
            body.Add(new TextBlock(line) { Color = TextColor.Attention });
            md.Append("\n- ").Append(line);
        }
        body.Add(new TextBlock(BotText.Get("reset.blocked.nothing")) { IsSubtle = true });
        md.Append("\n\n").Append(BotText.Get("reset.blocked.nothing"));
        return new LicenceCard(new AdaptiveCard { Body = body }, md.ToString());
    }

    /// <summary>The user pending again with the new licences, what was done, and the reminder about the new invitation.</summary>
    public LicenceCard Done(ResetOperation op, bool resumed)
    {
        var plan = op.Plan;
        var title = BotText.Format("reset.result.title", plan.User.DisplayName);
        var body = new List<CardElement>
        {
            new TextBlock(title) { Size = TextSize.Medium, Weight = TextWeight.Bolder, Color = TextColor.Good },
            new TextBlock(BotText.Format("reset.result.what", plan.User.DisplayName, plan.User.Email)),
        };
        if (resumed) body.Add(new TextBlock(BotText.Get("reset.result.resumed")) { IsSubtle = true });
        var licences = string.Join(", ", plan.After.Select(l => l.Label));
        body.Add(new FactSet(
        [
            new Fact(BotText.Get("reset.result.now"), licences),
            new Fact(BotText.Get("reset.result.status"), BotText.Get("reset.result.status_value")),
        ]) { Spacing = Spacing.Medium });
        var reminder = BotText.Format("reset.result.reminder", plan.User.Email);
        body.Add(new Container([new TextBlock(reminder)]) { Style = ContainerStyle.Warning, Spacing = Spacing.Medium });
        var md = BotText.Format("reset.result.fallback", plan.User.DisplayName, plan.User.Email, licences) + "\n\n" + reminder;
        return new LicenceCard(new AdaptiveCard { Body = body }, md);
    }

    /// <summary>A step failed and the journal will try again: where the user stands now and why.</summary>
    public LicenceCard Retrying(ResetOperation op, LocalText why, TimeSpan retryDelay)
    {
        var plan = op.Plan;
        var reason = BotText.Render(why)!;
        var afterStep1 = op.State is ResetState.Removed or ResetState.Adding;
        var body = new List<CardElement>
        {
            new TextBlock(BotText.Format("reset.retry.title", plan.User.DisplayName)) { Size = TextSize.Medium, Weight = TextWeight.Bolder, Color = TextColor.Attention },
            new TextBlock(afterStep1 ? BotText.Format("reset.retry.after_step1", plan.User.DisplayName) : BotText.Get("reset.retry.before_step1")),
            new Container([new TextBlock(reason)]) { Style = ContainerStyle.Attention },
            new TextBlock(BotText.Format("reset.retry.plan", Duration(retryDelay), plan.User.DisplayName)) { IsSubtle = true },
        };
        return new LicenceCard(new AdaptiveCard { Body = body }, BotText.Format("reset.retry.fallback", plan.User.DisplayName, plan.User.Email, reason));
    }

    /// <summary>The runner stopped trying: the last reason, and exactly what to add by hand.</summary>
    public LicenceCard GaveUp(ResetOperation op, LocalText why)
    {
        var plan = op.Plan;
        var reason = BotText.Render(why)!;
        var body = new List<CardElement>
        {
            new TextBlock(BotText.Format("reset.gaveup.title", plan.User.DisplayName)) { Size = TextSize.Medium, Weight = TextWeight.Bolder, Color = TextColor.Attention },
            new TextBlock(BotText.Format("reset.gaveup.intro", op.Attempts, plan.User.DisplayName)),
            new Container([new TextBlock(reason)]) { Style = ContainerStyle.Attention },
            LicenceText.Heading(BotText.Format("reset.gaveup.todo", plan.User.Email)),
        };
        foreach (var l in plan.After) body.Add(LicenceText.Line(BotText.Format("reset.confirm.add_line", l.Label)));
        var md = BotText.Format("reset.gaveup.fallback", plan.User.DisplayName, plan.User.Email, reason, string.Join(", ", plan.After.Select(l => l.Label)));
        return new LicenceCard(new AdaptiveCard { Body = body }, md);
    }

    /// <summary>A moment as admins read it in every space: UTC, to the minute.</summary>
    public static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) =>
        span.TotalMinutes >= 1
            ? BotText.Format("reset.duration.minutes", span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture))
            : BotText.Format("reset.duration.seconds", span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture));

    private static (List<CardElement> Body, StringBuilder Md) Steps(ResetPlan plan, string title)
    {
        var body = new List<CardElement>
        {
            LicenceText.Title(title),
            new TextBlock(plan.User.Email) { IsSubtle = true, Spacing = Spacing.None },
            LicenceText.Heading(BotText.Format("reset.confirm.step1", plan.User.DisplayName)),
        };
        var removed = plan.Before.Select(l => BotText.Format("reset.confirm.remove_line", l.Label) + (plan.Dropped.Contains(l) ? $" ({BotText.Get("reset.confirm.dropped")})" : "")).ToList();
        if (removed.Count == 0) removed.Add(BotText.Get("reset.list.nolicences"));
        foreach (var line in removed) body.Add(LicenceText.Line(line, TextColor.Attention));
        body.Add(LicenceText.Heading(BotText.Format("reset.confirm.step2", plan.User.Email)));
        var added = plan.After.Select(l => BotText.Format("reset.confirm.add_line", l.Label) + (plan.Added.Contains(l) ? $" ({BotText.Get("reset.confirm.new")})" : ""))
            .Concat(plan.AttendeeSites.Select(s => BotText.Format("reset.confirm.attendee_line", s)))
            .ToList();
        if (added.Count == 0) added.Add(BotText.Get("reset.list.nolicences"));
        foreach (var line in added) body.Add(LicenceText.Line(line, TextColor.Good));
        var md = new StringBuilder($"**{title}** ({plan.User.Email})\n\n")
            .Append(BotText.Format("reset.confirm.step1", plan.User.DisplayName)).Append('\n').Append(LicenceText.Bullets(removed))
            .Append("\n\n").Append(BotText.Format("reset.confirm.step2", plan.User.Email)).Append('\n').Append(LicenceText.Bullets(added));
        return (body, md);
    }
}
