using LicenseBot.Core.Licensing.Facts;
using LicenseBot.Core.Conversation;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Licences;

/// <summary><c>user &lt;email&gt;</c>: the user's licences by family, status, and calling number, extension and location.</summary>
public sealed class UserDialog(ILicensingService licensing, ILocationNames locations, UserCards cards) : Dialog(DialogId)
{
    public const string DialogId = "user";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        var email = CommandInvocation.FirstWord((options as CommandInvocation)?.Arguments);
        if (email is null)
        {
            await dc.Context.SendTextAsync(BotText.Get("licensing.usage.user"), ct);
            return await dc.EndDialogAsync(null, ct);
        }
        var user = await licensing.GetUserAsync(email, ct);
        var org = await licensing.GetOrgAsync(ct);
        var location = user.Calling?.LocationId is { Length: > 0 } id ? await locations.GetNameAsync(id, ct) : null;
        await dc.ReplyAsync(cards.Details(user, org, location).ToActivity(), ct);
        return await dc.EndDialogAsync(null, ct);
    }
}
