using LicenseBot.Core.Conversation;

namespace LicenseBot.Core.Features.Reset;

/// <summary>
/// <c>external</c>: the org's external users, a page at a time, with a Reset… button for the pending ones.
/// Each page is read fresh, so a Previous/Next click on an older card still shows the current state.
/// </summary>
public sealed class ExternalResetListDialog(ExternalUsers externals, ExternalUsersCards cards) : Dialog(ExternalUsersCards.ListFlow)
{
    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken ct)
    {
        var page = options is CardSubmit submit ? ExternalUsersCards.RequestedPage(submit.Inputs) : 1;
        var users = await externals.ListAsync(ct);
        await dc.ReplyAsync(cards.Page(users, page).ToActivity(), ct);
        return await dc.EndDialogAsync(null, ct);
    }
}
