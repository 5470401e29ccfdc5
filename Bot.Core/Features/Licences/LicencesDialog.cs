using LicenseBot.Core.Conversation;
using LicenseBot.Core.Licensing;

namespace LicenseBot.Core.Features.Licences;

/// <summary><c>licenses</c> (alias <c>licences</c>): the org's subscriptions with their state, licences by family, units.</summary>
public sealed class LicencesDialog(ILicensingService licensing, LicencesCards cards) : Dialog(DialogId)
{
    public const string DialogId = "licences";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        var org = await licensing.GetOrgAsync(ct);
        await dc.ReplyAsync(cards.Overview(org).ToActivity(), ct);
        return await dc.EndDialogAsync(null, ct);
    }
}
