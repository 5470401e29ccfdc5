using System.Security.Cryptography;
using System.Text;

namespace LicenseBot.Core.Webex;

/// <summary>
/// <c>X-Spark-Signature</c>: lowercase hex HMAC-SHA1 of the raw request body, keyed with the webhook's secret.
/// Checked over the bytes exactly as received, in constant time.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Spark-Signature";

    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool IsValid(string secret, ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(signature) || signature.Length != HMACSHA1.HashSizeInBytes * 2) return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
