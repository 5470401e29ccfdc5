using System.Runtime.CompilerServices;
using LicenseBot.Core.Text;
using LicenseBot.Core.Webex;

namespace LicenseBot.Core.Licensing;

/// <summary>A failed Webex read becomes an admin sentence with Webex's message and tracking id; never a stack trace.</summary>
public static class WebexReads
{
    public static async Task<T> Read<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (WebexApiException ex)
        {
            throw ToLicensing(ex);
        }
    }

    public static async IAsyncEnumerable<T> Read<T>(Func<IAsyncEnumerable<T>> call, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var items = call().GetAsyncEnumerator(ct);
        while (true)
        {
            bool more;
            try
            {
                more = await items.MoveNextAsync();
            }
            catch (WebexApiException ex)
            {
                throw ToLicensing(ex);
            }
            if (!more) yield break;
            yield return items.Current;
        }
    }

    public static LicensingException ToLicensing(WebexApiException ex) => new(
        (int)ex.Status >= 500 ? LicensingProblem.WebexUnavailable : LicensingProblem.WebexRefused,
        LocalText.Of("licensing.error.webex", (int)ex.Status, ex.WebexMessage ?? ex.Status.ToString(), ex.TrackingId ?? "-"),
        ex.TrackingId, ex);
}
