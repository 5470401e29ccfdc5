using LicenseBot.Core.Cards;
using LicenseBot.Core.Features.Licences;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;
using LicenseBot.Core.Webex.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LicenseBot.Core.Features.Reset;

/// <summary>Posts what the reset runner has to say in the thread where the reset was confirmed (also after a restart).</summary>
public sealed class ExternalResetReporter(IWebexMessaging messaging, ResetCards cards, IOptions<ResetOptions> options, ILogger<ExternalResetReporter> logger) : IResetReporter
{
    public async Task ReportAsync(ResetReport report, CancellationToken ct)
    {
        var op = report.Operation;
        var message = new CreateMessageRequest { RoomId = op.RoomId, ParentId = op.ThreadId };
        message = report.Kind switch
        {
            ResetReportKind.Done => WithCard(message, cards.Done(op, report.Resumed)),
            ResetReportKind.Retrying => WithCard(message, cards.Retrying(op, report.Reason ?? LocalText.Verbatim("-"), options.Value.RetryDelay)),
            ResetReportKind.GaveUp => WithCard(message, cards.GaveUp(op, report.Reason ?? LocalText.Verbatim("-"))),
            _ => message with { Markdown = BotText.Format("reset.stale", op.Plan.User.DisplayName, op.Email) },
        };
        try
        {
            await messaging.CreateMessageAsync(message, ct);
        }
        catch (WebexApiException ex)
        {
            // The journal holds the outcome; a lost message must not undo or repeat the reset.
            logger.LogWarning("Reset {ResetId}: report {Kind} could not be posted: {Status}", op.Id, report.Kind, (int)ex.Status);
        }
    }

    private static CreateMessageRequest WithCard(CreateMessageRequest message, LicenceCard card) => message with
    {
        Markdown = card.Fallback,
        Attachments = [new MessageAttachment(MessageAttachment.AdaptiveCardContentType, CardJson.ToElement(card.Card))],
    };
}
