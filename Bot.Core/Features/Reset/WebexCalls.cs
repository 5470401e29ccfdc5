using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;

namespace LicenseBot.Core.Features.Reset;

/// <summary>How the reset flow tells an admin about a failed Webex call.</summary>
internal static class WebexCalls
{
    /// <summary>What an admin reads about a failed call: status, Webex's message, tracking id.</summary>
    public static string Describe(WebexApiException ex) => BotText.Render(DescribeText(ex));

    /// <summary><see cref="Describe"/> unwritten, for what is stored and read later (the audit log).</summary>
    public static LocalText DescribeText(WebexApiException ex) =>
        LocalText.Of("reset.error.webex", (int)ex.Status, ex.WebexMessage ?? ex.Status.ToString(), ex.TrackingId ?? "-");
}
