using System.Text;

namespace LicenseBot.Tests.Csv;

/// <summary>
/// Random and mutated uploads for the fuzz tests, from a seeded <see cref="Random"/> (so a failure names a case that can be
/// replayed): random bytes and text, a valid users file with bytes flipped, inserted, deleted or repeated, quotes and
/// separators sprinkled in, very wide headers, very long cells, other encodings, workbook magic.
/// </summary>
internal static class HostileFiles
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.,;\t\"'\r\n []()-–é€😀\0";

    /// <summary>A valid Control Hub users file for the bulk test org (<c>Bot.Tests/Jobs/BulkSpace</c>): users 1..n moved to Sub-NEW.</summary>
    public static byte[] Valid(int users) => Encoding.UTF8.GetBytes(Jobs.BulkSpace.MoveFile(Enumerable.Range(1, users)));

    /// <summary>The <paramref name="index"/>-th hostile file: its kind (for the failure message) and its bytes.</summary>
    public static (string Kind, byte[] Bytes) Make(Random random, int index, byte[] valid)
    {
        switch (index % 12)
        {
            case 0: return ("random bytes", Bytes(random, random.Next(0, 4096)));
            case 1: return ("random text", Encoding.UTF8.GetBytes(Text(random, random.Next(0, 4096))));
            case 2: return ("flipped bytes", Flip(random, valid, random.Next(1, 20)));
            case 3: return ("inserted bytes", Splice(valid, random.Next(valid.Length + 1), 0, Bytes(random, random.Next(1, 200))));
            case 4:
            {
                var start = random.Next(valid.Length);
                return ("deleted range", Splice(valid, start, random.Next(0, valid.Length - start + 1), []));
            }
            case 5:
            {
                var start = random.Next(valid.Length);
                var piece = valid.AsSpan(start, random.Next(0, Math.Min(400, valid.Length - start) + 1)).ToArray();
                var repeated = Enumerable.Repeat(piece, random.Next(2, 50)).SelectMany(p => p).ToArray();
                return ("repeated range", Splice(valid, start, 0, repeated));
            }
            case 6: return ("quotes and separators", Sprinkle(random, valid, "\",;\t\r\n"u8.ToArray(), random.Next(1, 30)));
            case 7:
            {
                var columns = random.Next(2) == 0 ? random.Next(900, 1_100) : random.Next(1, 5_000);
                var text = Encoding.UTF8.GetString(valid);
                var newline = text.IndexOf('\r');
                var junk = string.Concat(Enumerable.Range(0, columns).Select(i => random.Next(3) == 0 ? ",\"x,y\"" : "," + (char)('a' + i % 26)));
                return ($"wide header ({columns} extra columns)", Encoding.UTF8.GetBytes(text[..newline] + junk + text[newline..]));
            }
            case 8:
            {
                var cell = new string('a', random.Next(500, 20_000)) + "@acme.test";
                var text = Encoding.UTF8.GetString(valid);
                var row = text.IndexOf("\r\n", StringComparison.Ordinal) + 2;
                var header = random.Next(2) == 0;
                return (header ? "long header cell" : "long e-mail cell", Encoding.UTF8.GetBytes(header ? cell + "," + text : text[..row] + cell + text[text.IndexOf(',', row)..]));
            }
            case 9:
            {
                var text = Encoding.UTF8.GetString(valid);
                return random.Next(3) switch
                {
                    0 => ("UTF-16 with BOM", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)]),
                    1 => ("UTF-16 without BOM", Encoding.Unicode.GetBytes(text)),
                    _ => ("Latin-1", Encoding.Latin1.GetBytes(text + "café,é\r\n")),
                };
            }
            case 10: return ("workbook magic", [(byte)'P', (byte)'K', 3, 4, .. Bytes(random, random.Next(0, 1000))]);
            default:
            {
                const string choices = ",;\t\r\n \"\uFEFF";
                var separators = new string(Enumerable.Range(0, random.Next(0, 2000)).Select(_ => choices[random.Next(choices.Length)]).ToArray());
                return ("separators only", Encoding.UTF8.GetBytes(separators));
            }
        }
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Text(Random random, int length)
    {
        var sb = new StringBuilder(length);
        while (sb.Length < length)
        {
            var at = random.Next(Alphabet.Length);
            sb.Append(char.IsHighSurrogate(Alphabet[at]) ? Alphabet.Substring(at, 2) : char.IsLowSurrogate(Alphabet[at]) ? "x" : Alphabet[at].ToString());
        }
        return sb.ToString();
    }

    private static byte[] Flip(Random random, byte[] valid, int count)
    {
        var bytes = valid.ToArray();
        for (var i = 0; i < count; i++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        return bytes;
    }

    private static byte[] Sprinkle(Random random, byte[] valid, byte[] choices, int count)
    {
        var bytes = valid.ToList();
        for (var i = 0; i < count; i++) bytes.Insert(random.Next(bytes.Count + 1), choices[random.Next(choices.Length)]);
        return [.. bytes];
    }

    private static byte[] Splice(byte[] valid, int at, int remove, byte[] insert) => [.. valid.AsSpan(0, at), .. insert, .. valid.AsSpan(at + remove)];
}
