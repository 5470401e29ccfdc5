using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LicenseBot.Sandbox.Endpoints;

/// <summary>
/// Opaque paging cursors, as Webex hands out in its <c>Link</c> headers: the position is hidden (XOR-ed with a keyed pad)
/// and sealed with an HMAC over the position and the query it belongs to, so a client can neither read nor compute one —
/// it can only follow the link. The key comes from the seed, so links stay valid across a restart with kept state.
/// </summary>
internal static class PagingCursor
{
    private const int MacLength = 12;

    public static string Seal(byte[] key, string scope, int position)
    {
        var mac = Mac(key, scope, position);
        var bytes = new byte[MacLength + sizeof(int)];
        mac.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(MacLength), position ^ Pad(key, mac));
        return Base64Url(bytes);
    }

    /// <summary>The position behind <paramref name="token"/>, or null when it is not a cursor of this query.</summary>
    public static int? Open(byte[] key, string scope, string token)
    {
        byte[] bytes;
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            bytes = Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length != MacLength + sizeof(int)) return null;
        var mac = bytes[..MacLength];
        var position = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(MacLength)) ^ Pad(key, mac);
        return position >= 0 && CryptographicOperations.FixedTimeEquals(mac, Mac(key, scope, position)) ? position : null;
    }

    private static byte[] Mac(byte[] key, string scope, int position) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{scope}#{position}"))[..MacLength];

    private static int Pad(byte[] key, byte[] mac) =>
        BinaryPrimitives.ReadInt32LittleEndian(HMACSHA256.HashData(key, (byte[])[.. "pad"u8, .. mac]));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
