using LicenseBot.Core.Inbox;
using LicenseBot.Core.Webex.Models;

namespace LicenseBot.Core.Conversation;

/// <summary>The bot's side of the inbox: each stored event becomes a turn through the <see cref="WebexAdapter"/>.</summary>
public sealed class InboxTurns(WebexAdapter adapter, IBot bot) : IInboxHandler
{
    public Task HandleAsync(WebhookEnvelope envelope, CancellationToken ct) => adapter.ProcessActivityAsync(envelope, bot, ct);
}
