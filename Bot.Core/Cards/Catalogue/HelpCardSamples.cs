using LicenseBot.Core.Conversation;
using LicenseBot.Core.Features.Help;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Cards.Catalogue;

/// <summary>The help card (every command of the manifest, the most it can ever list) and the router's hint card.</summary>
internal sealed class HelpCardSamples : ICardSamples
{
    public IEnumerable<CardSample> GetSamples()
    {
        var commands = BotManifest.Current.Commands;
        yield return CardSample.Of(HelpCards.Flow, "Help: every command", HelpCards.Help(commands), HelpCards.HelpFallback(commands));
        yield return CardSample.Of(HelpCards.Flow, "Help: only help", HelpCards.Help(commands.Take(1)), HelpCards.HelpFallback(commands.Take(1)));
        var unknown = BotText.Format("router.unknown", "frobnicate");
        yield return CardSample.Of(HelpCards.Flow, "Hint after an unknown command", HelpCards.Hint(unknown), unknown);
    }
}
