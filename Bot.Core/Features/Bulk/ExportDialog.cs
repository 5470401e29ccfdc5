using LicenseBot.Core.Conversation;
using LicenseBot.Core.Csv;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Features.Jobs;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Bulk;

/// <summary>
/// <c>export [subscription]</c>: the org's users as a Control Hub-style CSV, posted as a file in the thread — with a
/// subscription, only the users holding one of its licences. Edited and uploaded again, it becomes a CSV move.
/// </summary>
public sealed class ExportDialog(OrgReader reader, IWebexMessaging messaging, IOptions<JobsOptions> jobOptions, TimeProvider time) : Dialog(DialogId)
{
    public const string DialogId = "export";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        if (options is CardSubmit) return await dc.EndDialogAsync(null, ct);
        var subscriptionId = CommandInvocation.FirstWord((options as CommandInvocation)?.Arguments);
        var org = await reader.ReadLicencesAsync(ct);
        var columns = CsvPlanner.Columns(org);
        var fileName = $"users-{time.GetUtcNow():yyyyMMdd-HHmm}.csv";
        IReadOnlySet<string>? only = null;
        if (subscriptionId is not null)
        {
            var subscription = org.Subscriptions.FirstOrDefault(s => string.Equals(s.Id, subscriptionId, StringComparison.OrdinalIgnoreCase));
            if (subscription is null)
            {
                await dc.Context.SendTextAsync(BotText.Format("bulk.export.unknown_subscription", subscriptionId,
                    string.Join(", ", org.Subscriptions.Where(s => s.Id.Length > 0).Select(s => s.Id))), ct);
                return await dc.EndDialogAsync(null, ct);
            }
            only = subscription.Licences.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
            fileName = $"users-{subscription.Id}-{time.GetUtcNow():yyyyMMdd-HHmm}.csv";
        }

        // Reading every user can take a while on a big org: say so once, before it starts, and count the users read
        // in that one message when it takes longer. Rows go to the file as the people pages come.
        var working = BotText.Get("bulk.export.working");
        var message = await dc.Context.SendTextAsync(working, ct);
        await using var file = JobReporter.TempFile();
        var count = await ReadProgress.RunAsync(dc.Context, message, working, jobOptions.Value.ProgressInterval, time,
            read => ControlHubCsvWriter.WriteAsync(file, columns, Rows(reader.ReadAllAsync(org, read, ct), only, ct), ct), ct);
        file.Position = 0;
        await messaging.CreateFileMessageAsync(dc.Activity.Conversation!.Id, dc.Activity.ThreadId,
            BotText.Format("bulk.export.done", count, columns.Count), fileName, "text/csv", file, ct);
        return await dc.EndDialogAsync(null, ct);
    }

    /// <summary>The users as export rows; with a subscription, only those holding one of its licences.</summary>
    private static async IAsyncEnumerable<ExportUser> Rows(IAsyncEnumerable<SnapshotUser> users, IReadOnlySet<string>? only,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var u in users.WithCancellation(ct))
        {
            if (only is not null && !u.User.LicenceIds.Any(only.Contains)) continue;
            yield return new ExportUser(u.User.Email, u.FirstName, u.LastName, u.User.DisplayName, u.Status,
                u.User.LicenceIds.ToHashSet(StringComparer.Ordinal));
        }
    }
}
