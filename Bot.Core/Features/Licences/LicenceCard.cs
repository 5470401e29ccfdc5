using LicenseBot.Core.Cards;
using LicenseBot.Core.Conversation;

namespace LicenseBot.Core.Features.Licences;

/// <summary>A card with the markdown fallback that travels with it (Webex clients that cannot draw cards show the text).</summary>
public sealed record LicenceCard(AdaptiveCard Card, string Fallback)
{
    public Activity ToActivity() => Card.ToActivity(Fallback);
}
