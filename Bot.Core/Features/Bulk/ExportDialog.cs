using LicenseBot.Core.Conversation;
using LicenseBot.Core.Csv;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Features.Jobs;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Storage;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;

namespace LicenseBot.Core.Features.Bulk;

/// <summary>
/// <c>export [subscription]</c>: the org's users as a Control Hub-style CSV, posted as a file in the thread — with a
/// subscription, only the users holding one of its licences. Edited and uploaded again, it becomes a CSV move.
/// </summary>
public sealed class ExportDialog(LicencesAccess access, OrgSnapshotReader snapshots, IWebexMessaging messaging, TimeProvider time) : Dialog(DialogId)
{
    public const string DialogId = "export";

    public override Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct) =>
        LicencesAccess.RunAsync(dc, async () =>
        {
            if (options is CardSubmit || !await access.AllowAsync(dc, ct)) return await dc.EndDialogAsync(null, ct);
            var subscriptionId = LicencesAccess.FirstWord((options as CommandInvocation)?.Arguments);
            // Reading every user can take a while on a big org under rate limits: say so once, before it starts.
            await dc.Context.SendTextAsync(BotText.Get("bulk.export.working"), ct);
            var snapshot = await snapshots.ReadAsync(ct);
            var columns = CsvPlanner.Columns(snapshot.Org);
            IEnumerable<SnapshotUser> users = snapshot.Users;
            var fileName = $"users-{time.GetUtcNow():yyyyMMdd-HHmm}.csv";
            if (subscriptionId is not null)
            {
                var subscription = snapshot.Org.Subscriptions.FirstOrDefault(s => string.Equals(s.Id, subscriptionId, StringComparison.OrdinalIgnoreCase));
                if (subscription is null)
                {
                    await dc.Context.SendTextAsync(BotText.Format("bulk.export.unknown_subscription", subscriptionId,
                        string.Join(", ", snapshot.Org.Subscriptions.Where(s => s.Id.Length > 0).Select(s => s.Id))), ct);
                    return await dc.EndDialogAsync(null, ct);
                }
                var ids = subscription.Licences.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
                users = users.Where(u => u.User.LicenceIds.Any(ids.Contains));
                fileName = $"users-{subscription.Id}-{time.GetUtcNow():yyyyMMdd-HHmm}.csv";
            }

            await using var file = JobReporter.TempFile();
            var count = await ControlHubCsvWriter.WriteAsync(file, columns, Rows(users), ct);
            file.Position = 0;
            await messaging.CreateFileMessageAsync(dc.Activity.Conversation!.Id, dc.Activity.ThreadId,
                BotText.Format("bulk.export.done", count, columns.Count), fileName, "text/csv", file, ct);
            return await dc.EndDialogAsync(null, ct);
        }, ct);

    private static async IAsyncEnumerable<ExportUser> Rows(IEnumerable<SnapshotUser> users)
    {
        foreach (var u in users)
        {
            yield return new ExportUser(u.User.Email, u.FirstName, u.LastName, u.User.DisplayName, u.Status,
                u.User.LicenceIds.ToHashSet(StringComparer.Ordinal));
        }
        await Task.CompletedTask;
    }
}
