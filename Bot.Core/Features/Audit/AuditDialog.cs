using LicenseBot.Core.Conversation;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Audit;

/// <summary><c>audit [email]</c>: the latest licence changes the bot made, newest first.</summary>
public sealed class AuditDialog(IAuditLog audit, AuditCards cards) : Dialog(DialogId)
{
    public const string DialogId = "audit";
    public const int Latest = 10;

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        var email = CommandInvocation.FirstWord((options as CommandInvocation)?.Arguments);
        if (email is not null)
        {
            email = EmailAddress.Clean(email);
            if (!EmailAddress.IsWellFormed(email))
            {
                await dc.Context.SendTextAsync(BotText.Format("licensing.error.malformed_email", email), ct);
                return await dc.EndDialogAsync(null, ct);
            }
        }
        var entries = await audit.LatestAsync(email, Latest, ct);
        await dc.ReplyAsync(cards.Latest(entries, email).ToActivity(), ct);
        return await dc.EndDialogAsync(null, ct);
    }
}
