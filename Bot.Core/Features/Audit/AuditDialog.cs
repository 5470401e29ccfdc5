using LicenseBot.Core.Conversation;
using LicenseBot.Core.Licensing;
using LicenseBot.Core.Licensing.Audit;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Audit;

/// <summary><c>audit [email]</c>: the latest licence changes the bot made, newest first.</summary>
public sealed class AuditDialog(IAuditLog audit, AuditCards cards, ILicensingService licensing, PersonNames names) : Dialog(DialogId)
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
        await dc.ReplyAsync(cards.Latest(entries, email, await NamesAsync(entries, ct)).ToActivity(), ct);
        return await dc.EndDialogAsync(null, ct);
    }

    /// <summary>The org's licences (for their labels) and the admins without a stored e-mail address, looked up once each.</summary>
    private async Task<AuditNames> NamesAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        if (entries.Count == 0) return AuditNames.None;
        var org = await licensing.GetOrgAsync(ct);
        var people = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (email, id) in entries.SelectMany(e => new[] { (e.RequestedByEmail, e.RequestedBy), (e.ConfirmedByEmail, e.ConfirmedBy) }))
        {
            if (string.IsNullOrEmpty(email) && !string.IsNullOrEmpty(id) && !people.ContainsKey(id)) people[id] = await names.NameAsync(id, ct);
        }
        return new AuditNames(org, people);
    }
}
