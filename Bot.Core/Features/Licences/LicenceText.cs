using LicenseBot.Core.Cards;
using LicenseBot.Core.Licensing.Model;
using LicenseBot.Core.Text;

namespace LicenseBot.Core.Features.Licences;

/// <summary>How licences, families and states read on a card; every word from en.json.</summary>
internal static class LicenceText
{
    public static string Family(ServiceFamily family) => BotText.Get($"licensing.family.{family}");

    public static string State(SubscriptionState state) => BotText.Get($"licensing.subscription.{state.ToString().ToLowerInvariant()}");

    public static string Status(UserStatus status) => BotText.Get($"licensing.status.{status.ToString().ToLowerInvariant()}");

    public static string Units(Licence l) => BotText.Format("licensing.units", l.ConsumedUnits, l.TotalUnits, l.FreeUnits);

    /// <summary>A calling location as the admin reads it: its name, or a sentence saying the bot has none for it (never its id).</summary>
    public static string Location(string? name, string? id) =>
        name ?? (string.IsNullOrEmpty(id) ? "-" : BotText.Get("licensing.user.location.unnamed"));

    public static string Subscription(string? id) => string.IsNullOrEmpty(id) ? BotText.Get("licensing.subscription.none") : id;

    public static TextBlock Title(string text) => new(text) { Size = TextSize.Medium, Weight = TextWeight.Bolder };

    public static TextBlock Heading(string text) => new(text) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium };

    public static TextBlock Line(string text, TextColor? color = null) => new(text) { Color = color, Spacing = Spacing.None };

    /// <summary>Markdown bullet list for fallbacks.</summary>
    public static string Bullets(IEnumerable<string> lines) => string.Join("\n", lines.Select(l => "- " + l));
}
