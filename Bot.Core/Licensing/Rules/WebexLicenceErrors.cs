using LicenseBot.Core.Text;

namespace LicenseBot.Core.Licensing.Rules;

/// <summary>
/// Webex's own refusals of <c>PATCH /licenses/users</c> (400 error codes, docs/licensing-rules.md "What Webex itself refuses") mapped to the rule they enforce,
/// so an admin reads the same rule id whether the bot or Webex caught it.
/// </summary>
public static class WebexLicenceErrors
{
    private static readonly Dictionary<int, string> RuleByCode = new()
    {
        [400112] = "R12",
        [400404] = "R1",
        [400406] = "R2",
        [400407] = "R3",
        [400408] = "R2",
        [400410] = "R12",
        [400413] = "R1",
        [400216] = "R4",
        // Codes Webex does not publish; the sandbox's choice (docs/webex-api.md, an assumption): no free unit, inactive subscription.
        [400811] = "R7",
        [400812] = "R6",
    };

    /// <summary>The rule id a Webex error code enforces; null when it is no rule of ours (400000, 400411, …).</summary>
    public static string? RuleFor(int errorCode) => RuleByCode.GetValueOrDefault(errorCode);

    /// <summary>What an admin reads about a code the bot knows, unwritten; null for any other.</summary>
    public static LocalText? Describe(int errorCode)
    {
        var key = $"licensing.webex.{errorCode}";
        return BotText.Has(key) ? LocalText.Of(key) : null;
    }

    /// <summary>The findings for a refusal: one per code, with the rule id when there is one, else the code itself.</summary>
    public static IReadOnlyList<RuleFinding> ToFindings(IReadOnlyList<int> errorCodes, string? webexMessage) =>
        errorCodes.Count == 0
            ? [RuleFinding.Violation("webex", Said(webexMessage))]
            : errorCodes.Select(code => RuleFinding.Violation(
                RuleFor(code) ?? code.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Describe(code) ?? Said(webexMessage))).ToList();

    /// <summary>Webex's own words as it wrote them, or "Webex refused the change without saying why" in the reader's language.</summary>
    private static LocalText Said(string? webexMessage) => webexMessage is null ? LocalText.Of("licensing.webex.unknown") : LocalText.Verbatim(webexMessage);
}
