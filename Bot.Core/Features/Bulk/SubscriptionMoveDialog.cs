using System.Text.RegularExpressions;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Text;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Bulk;

/// <summary>
/// <c>move all from &lt;A&gt; to &lt;B&gt;</c>: everyone on subscription A moves to the same-named licences of B (R11),
/// with the same plan card, confirmation and journaled job as a CSV move. Refused out of a suspended A (R6).
/// </summary>
public sealed partial class SubscriptionMoveDialog(OrgReader reader, CsvMovePlanFlow flow, IOptions<JobsOptions> jobOptions, TimeProvider time) : Dialog(DialogId)
{
    public const string DialogId = "subscriptionMove";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        if (options is CardSubmit submit)
        {
            if (CsvMovePlanFlow.Handles(submit)) await flow.HandleAsync(dc, submit, Id, ct);
            return await dc.EndDialogAsync(null, ct);
        }
        var parsed = Command().Match((options as CommandInvocation)?.Arguments?.Trim() ?? "");
        if (!parsed.Success)
        {
            await dc.Context.SendTextAsync(BotText.Get("bulk.move.usage"), ct);
            return await dc.EndDialogAsync(null, ct);
        }
        var (from, to) = (parsed.Groups["from"].Value, parsed.Groups["to"].Value);
        // The licences first: a move the planner refuses (unknown or suspended subscription, nothing to match) is
        // refused before any user is read. Then only the holders of the matched licences of A are read.
        var title = BotText.Format("bulk.move.title", from, to);
        var org = await reader.ReadLicencesAsync(ct);
        var move = SubscriptionMovePlanner.Plan(new OrgSnapshot(org, []), from, to, title);
        var moving = move.Mapping.Select(m => m.From.Id).ToList();
        if (move.Plan is not null && move.Mapping.Sum(m => m.From.ConsumedUnits) > 0)
        {
            // The holders are read while the message saying so is posted, and the plan is presented while that message
            // gets its last count.
            var reading = BotText.Format("bulk.move.reading", move.Mapping[0].From.SubscriptionId);
            var message = dc.Context.SendTextAsync(reading, ct);
            await ReadProgress.RunAsync(dc.Context, message, reading, jobOptions.Value.ProgressInterval, time,
                count => reader.ReadHoldersAsync(org, moving, count, ct),
                snapshot => PresentAsync(dc, SubscriptionMovePlanner.Plan(snapshot, from, to, title), ct), ct);
        }
        else
        {
            await PresentAsync(dc, move, ct);
        }
        return await dc.EndDialogAsync(null, ct);
    }

    private async Task PresentAsync(DialogContext dc, SubscriptionMove move, CancellationToken ct)
    {
        if (move.Plan is null) await dc.Context.SendTextAsync(BotText.Render(move.Refusal!), ct);
        else await flow.PresentAsync(dc, move.Plan, JobKind.SubscriptionMove, Id, ct);
    }

    [GeneratedRegex(@"^(?:all\s+)?from\s+(?<from>\S+)\s+to\s+(?<to>\S+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Command();
}
