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
        if (Decode(token) is not { Length: MacLength + sizeof(int) } bytes) return null;
        var mac = bytes[..MacLength];
        var position = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(MacLength)) ^ Pad(key, mac);
        return position >= 0 && CryptographicOperations.FixedTimeEquals(mac, Mac(key, scope, position)) ? position : null;
    }

    /// <summary>A cursor that names the last item of a page (its key), hidden and sealed like a position.</summary>
    public static string SealKey(byte[] key, string scope, string last)
    {
        var payload = Encoding.UTF8.GetBytes(last);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{scope}#key:{last}"))[..MacLength];
        var bytes = new byte[MacLength + payload.Length];
        mac.CopyTo(bytes, 0);
        Hide(key, mac, payload).CopyTo(bytes, MacLength);
        return Base64Url(bytes);
    }

    /// <summary>The key behind a <see cref="SealKey"/> cursor, or null when it is not a cursor of this query.</summary>
    public static string? OpenKey(byte[] key, string scope, string token)
    {
        if (Decode(token) is not { Length: > MacLength } bytes) return null;
        var mac = bytes[..MacLength];
        string last;
        try
        {
            last = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Hide(key, mac, bytes[MacLength..]));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        return CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{scope}#key:{last}"))[..MacLength]) ? last : null;
    }

    /// <summary>XOR with a keystream drawn from the key and the MAC: applied twice, it gives the input back.</summary>
    private static byte[] Hide(byte[] key, byte[] mac, byte[] data)
    {
        var result = new byte[data.Length];
        for (var block = 0; block * 32 < data.Length; block++)
        {
            var pad = HMACSHA256.HashData(key, (byte[])[.. "pad"u8, .. mac, (byte)block]);
            for (var i = 0; i < 32 && block * 32 + i < data.Length; i++) result[block * 32 + i] = (byte)(data[block * 32 + i] ^ pad[i]);
        }
        return result;
    }

    private static byte[]? Decode(string token)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Mac(byte[] key, string scope, int position) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{scope}#{position}"))[..MacLength];

    private static int Pad(byte[] key, byte[] mac) =>
        BinaryPrimitives.ReadInt32LittleEndian(HMACSHA256.HashData(key, (byte[])[.. "pad"u8, .. mac]));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
