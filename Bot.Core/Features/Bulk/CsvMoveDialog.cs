using System.Net;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Csv;
using LicenseBot.Core.Features.Bulk.Planning;
using LicenseBot.Core.Jobs;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Bulk;

/// <summary>
/// A Control Hub users CSV posted to the bot (mentioning it in a group space, or any CSV in a direct space): download it
/// with the bot token, read and plan it against the org's live state, and show the plan to confirm. Nothing changes
/// before Confirm.
/// </summary>
public sealed class CsvMoveDialog(
    OrgReader reader,
    CsvMovePlanFlow flow,
    IOptions<BotOptions> botOptions,
    IOptions<JobsOptions> jobOptions,
    TimeProvider time) : Dialog(DialogId)
{
    public const string DialogId = "csvMove";
    private const int ScanAttempts = 6;

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        if (options is CardSubmit submit)
        {
            if (CsvMovePlanFlow.Handles(submit)) await flow.HandleAsync(dc, submit, Id, ct);
            return await dc.EndDialogAsync(null, ct);
        }
        var file = dc.Activity.Attachments.FirstOrDefault(a => a.ContentUrl is not null);
        if (file is not null) await PlanUploadAsync(dc, file, ct);
        return await dc.EndDialogAsync(null, ct);
    }

    private async Task PlanUploadAsync(DialogContext dc, Attachment file, CancellationToken ct)
    {
        await using var content = await DownloadAsync(dc, file, ct);
        if (content is null) return;
        if (!LooksLikeCsv(content.Name, content.ContentType))
        {
            await dc.Context.SendTextAsync(BotText.Format("bulk.csv.not_csv", content.Name), ct);
            return;
        }
        var limits = new CsvLimits(CsvLimits.ControlHubMaxRows, botOptions.Value.MaxCsvBytes);
        try
        {
            if (content.Length > limits.MaxBytes) throw new CsvFileException("bulk.csv.too_large", $"{limits.MaxBytes / (1024.0 * 1024):0.#} MB");
            // Reading the named users and planning can take a while under rate limits: say so once, as it starts, and
            // count the users read in that one message when it takes longer. The org's licences are read while that
            // message is posted and the file comes in.
            var reading = BotText.Format("bulk.csv.downloading", content.Name);
            var message = dc.Context.SendTextAsync(reading, ct);
            var licences = reader.ReadLicencesAsync(ct);
            await ReadProgress.RunAsync(dc.Context, message, reading, jobOptions.Value.ProgressInterval, time,
                count => CsvPlanner.ReadAndPlanAsync(reader, licences, content.Content, limits, BotText.Format("bulk.csv.title", content.Name), count, ct),
                async plan =>
                {
                    if (!plan.HasChanges && plan.Problems.Count == 0 && !plan.IsBlocked)
                    {
                        await dc.Context.SendTextAsync(BotText.Format("bulk.csv.no_changes", plan.Title, plan.Unchanged), ct);
                        return;
                    }
                    await flow.PresentAsync(dc, plan, JobKind.CsvMove, Id, ct);
                }, ct);
        }
        catch (CsvFileException ex)
        {
            await dc.Context.SendTextAsync(BotText.Render(ex.Text), ct);
        }
    }

    /// <summary>Downloads with the bot token; waits while Webex scans the file (423), refuses a blocked (410) or unscannable (428) one.</summary>
    private async Task<AttachmentContent?> DownloadAsync(DialogContext dc, Attachment file, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await dc.Context.OpenAttachmentAsync(file, ct);
            }
            catch (WebexApiException ex) when (ex.Status == HttpStatusCode.Locked && attempt < ScanAttempts)
            {
                if (attempt == 1) await dc.Context.SendTextAsync(BotText.Get("bulk.csv.scanning"), ct);
                var wait = ex.RetryAfter is { } r && r > TimeSpan.Zero ? r : TimeSpan.FromSeconds(2);
                await Task.Delay(wait > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : wait, time, ct);
            }
            catch (WebexApiException ex)
            {
                var key = ex.Status switch
                {
                    HttpStatusCode.Locked => "bulk.csv.still_scanning",
                    HttpStatusCode.Gone => "bulk.csv.blocked",
                    HttpStatusCode.PreconditionRequired => "bulk.csv.unscannable",
                    _ => "bulk.csv.download_failed",
                };
                await dc.Context.SendTextAsync(BotText.Format(key, key == "bulk.csv.still_scanning" ? attempt : (int)ex.Status), ct);
                return null;
            }
        }
    }

    private static bool LooksLikeCsv(string name, string contentType) =>
        name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("csv", StringComparison.OrdinalIgnoreCase) || contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase);
}
