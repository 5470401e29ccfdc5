using System.Globalization;
using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Bulk;

/// <summary>The summary card of a bulk plan (CSV upload or subscription move): what changes, units, first problems, and the confirm buttons.</summary>
public static class BulkPlanCards
{
    public const string StepConfirm = "confirm";
    public const string StepCancel = "cancel";
    public const int ProblemsShown = 5;
    public const int UnitsShown = 12;
    public const int LeftOutShown = 10;

    /// <param name="flow">The dialog that answers the buttons.</param>
    /// <param name="token">The confirmation token (bound to the admin who asked, single use, expiring).</param>
    public static AdaptiveCard Summary(BulkPlan plan, string flow, string? token)
    {
        var body = new List<CardElement>
        {
            new TextBlock(BotText.Format("bulk.card.title", plan.Title)) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
            new FactSet(Facts(plan)),
        };

        if (plan.Units.Count > 0)
        {
            body.Add(new TextBlock(BotText.Get("bulk.card.units")) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            // Licences short of units first (R7), so a long list never hides the one that blocks the plan.
            var shown = plan.Units.Where(u => u.FreeAfter < 0).Concat(plan.Units.Where(u => u.FreeAfter >= 0)).Take(UnitsShown).ToHashSet();
            body.AddRange(plan.Units.Where(shown.Contains).Select(u => new TextBlock(BotText.Format("bulk.card.units_line",
                u.Licence.Label, u.Licence.ConsumedUnits, u.ConsumedAfter, u.Licence.TotalUnits, Delta(u.Added - u.Removed)))
            {
                Spacing = Spacing.Small,
                Color = u.FreeAfter < 0 ? TextColor.Attention : null,
            }));
            if (plan.Units.Count > shown.Count)
                body.Add(new TextBlock(BotText.Format("bulk.card.units_more", plan.Units.Count - shown.Count)) { IsSubtle = true, Spacing = Spacing.Small });
        }

        foreach (var note in plan.Notes) body.Add(new TextBlock(note) { IsSubtle = true, Spacing = Spacing.Medium });

        if (plan.IsBlocked)
        {
            body.Add(new TextBlock(BotText.Get("bulk.card.blocked")) { Weight = TextWeight.Bolder, Color = TextColor.Attention, Spacing = Spacing.Medium });
            body.AddRange(plan.PlanProblems.Select(p => new TextBlock(BotText.Render(p)) { Color = TextColor.Attention, Spacing = Spacing.Small }));
        }

        var leftOut = plan.LeftOut?.Rows ?? [];
        if (leftOut.Count > 0)
        {
            body.Add(new TextBlock(plan.LeftOut!.Heading) { Weight = TextWeight.Bolder, Color = TextColor.Warning, Spacing = Spacing.Medium });
            body.AddRange(leftOut.Take(LeftOutShown).Select(r => new TextBlock(BotText.Format("bulk.card.left_out_line", r.Name, r.Email, BotText.Render(r.Reason))) { Spacing = Spacing.Small }));
            if (leftOut.Count > LeftOutShown)
                body.Add(new TextBlock(BotText.Format("bulk.card.left_out_more", leftOut.Count - LeftOutShown)) { IsSubtle = true, Spacing = Spacing.Small });
        }

        var leftRows = leftOut.Select(r => r.SourceRow).ToHashSet();
        var problems = plan.Problems.Where(p => !leftRows.Contains(p.SourceRow)).ToList();
        if (problems.Count > 0)
        {
            body.Add(new TextBlock(BotText.Get("bulk.card.first_problems")) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            body.AddRange(problems.Take(ProblemsShown).Select(p => new TextBlock(BotText.Format("bulk.card.problem_line", p.SourceRow, p.Email, BotText.Render(p.Reason)))
                { Color = TextColor.Warning, Spacing = Spacing.Small }));
        }
        var warned = plan.Rows.Where(r => r.Warnings.Count > 0).ToList();
        if (warned.Count > 0)
        {
            body.Add(new TextBlock(BotText.Format("bulk.card.warnings", warned.Count)) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            body.AddRange(warned.Take(ProblemsShown).Select(r => new TextBlock(BotText.Format("bulk.card.problem_line", r.SourceRow, r.Email, BotText.Render(LocalText.Join(" ", r.Warnings))))
                { Spacing = Spacing.Small }));
        }
        if (!plan.HasChanges) body.Add(new TextBlock(BotText.Get("bulk.card.nothing_valid")) { Spacing = Spacing.Medium });
        body.Add(new TextBlock(BotText.Get("bulk.card.plan_csv")) { IsSubtle = true, Spacing = Spacing.Medium });

        return new AdaptiveCard { Body = body, Actions = Actions(plan, flow, token) };
    }

    public static string Fallback(BulkPlan plan) =>
        BotText.Format("bulk.card.fallback", plan.Title, plan.Rows.Count, plan.Problems.Count, plan.Unchanged);

    private static List<CardAction> Actions(BulkPlan plan, string flow, string? token)
    {
        var actions = new List<CardAction>();
        if (token is not null && plan.HasChanges && !plan.IsBlocked)
        {
            var title = plan.Problems.Count == 0 ? BotText.Get("bulk.card.confirm") : BotText.Get("bulk.card.confirm_valid");
            actions.Add(new SubmitAction(title, new CardActionData(flow, StepConfirm, token)) { Style = ActionStyle.Positive });
        }
        if (token is not null)
            actions.Add(new SubmitAction(BotText.Get("bulk.card.cancel"), new CardActionData(flow, StepCancel, token)));
        return actions;
    }

    private static List<Fact> Facts(BulkPlan plan)
    {
        var facts = new List<Fact> { new(BotText.Get("bulk.card.rows"), N(plan.Rows.Count)) };
        void Add(string key, int n) { if (n > 0) facts.Add(new Fact(BotText.Get(key), N(n))); }
        Add("bulk.card.moves", plan.Count(ChangeKind.Move));
        Add("bulk.card.adds", plan.Count(ChangeKind.Add));
        Add("bulk.card.removes", plan.Count(ChangeKind.Remove));
        Add("bulk.card.changes", plan.Count(ChangeKind.Change));
        facts.Add(new Fact(BotText.Get("bulk.card.unchanged"), N(plan.Unchanged)));
        Add("bulk.card.left_out", plan.LeftOut?.Rows.Count ?? 0);
        facts.Add(new Fact(BotText.Get("bulk.card.problems"), N(plan.OtherProblems)));
        return facts;
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Delta(int n) => n > 0 ? "+" + N(n) : n < 0 ? "−" + N(-n) : "±0";
}
