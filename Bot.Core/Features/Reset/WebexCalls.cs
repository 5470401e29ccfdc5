using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;

namespace LicenseBot.Core.Features.Reset;

/// <summary>How the reset flow tells an admin about a failed Webex call.</summary>
internal static class WebexCalls
{
    /// <summary>What an admin reads about a failed call: status, Webex's message, tracking id.</summary>
    public static string Describe(WebexApiException ex) =>
        BotText.Format("reset.error.webex", (int)ex.Status, ex.WebexMessage ?? ex.Status.ToString(), ex.TrackingId ?? "-");
}
