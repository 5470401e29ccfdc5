using System.Text.RegularExpressions;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Bulk;

/// <summary>
/// <c>move all from &lt;A&gt; to &lt;B&gt;</c>: everyone on subscription A moves to the same-named licences of B (R11),
/// with the same plan card, confirmation and journaled job as a CSV move. Refused out of a suspended A (R6).
/// </summary>
public sealed partial class SubscriptionMoveDialog(LicencesAccess access, OrgSnapshotReader snapshots, CsvMovePlanFlow flow) : Dialog(DialogId)
{
    public const string DialogId = "subscriptionMove";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        if (options is CardSubmit submit)
        {
            if (CsvMovePlanFlow.Handles(submit)) await flow.HandleAsync(dc, submit, Id, ct);
            return await dc.EndDialogAsync(null, ct);
        }
        return await LicencesAccess.RunAsync(dc, async () =>
        {
            if (!await access.AllowAsync(dc, ct)) return await dc.EndDialogAsync(null, ct);
            var parsed = Command().Match((options as CommandInvocation)?.Arguments?.Trim() ?? "");
            if (!parsed.Success)
            {
                await dc.Context.SendTextAsync(BotText.Get("bulk.move.usage"), ct);
                return await dc.EndDialogAsync(null, ct);
            }
            var (from, to) = (parsed.Groups["from"].Value, parsed.Groups["to"].Value);
            var move = SubscriptionMovePlanner.Plan(await snapshots.ReadAsync(ct), from, to, BotText.Format("bulk.move.title", from, to));
            if (move.Plan is null) await dc.Context.SendTextAsync(move.Refusal!, ct);
            else await flow.PresentAsync(dc, move.Plan, JobKind.SubscriptionMove, Id, ct);
            return await dc.EndDialogAsync(null, ct);
        }, ct);
    }

    [GeneratedRegex(@"^(?:all\s+)?from\s+(?<from>\S+)\s+to\s+(?<to>\S+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Command();
}
