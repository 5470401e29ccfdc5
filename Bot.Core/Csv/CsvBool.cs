using System.Text;

namespace LicenseBot.Core.Csv;

/// <summary>
/// A licence cell: <c>TRUE</c>/<c>FALSE</c> in any case, and Dutch Excel's <c>WAAR</c>/<c>ONWAAR</c>
/// (Excel translates booleans when it saves a CSV). Empty means "no opinion": the licence stays as it is.
/// </summary>
public static class CsvBool
{
    public enum Cell : sbyte
    {
        Empty = -1,
        False = 0,
        True = 1,
        Invalid = 2,
    }

    public static Cell Parse(ReadOnlySpan<byte> utf8)
    {
        utf8 = utf8.Trim(" \t"u8);
        if (utf8.IsEmpty) return Cell.Empty;
        if (Ascii.EqualsIgnoreCase(utf8, "TRUE"u8) || Ascii.EqualsIgnoreCase(utf8, "WAAR"u8)) return Cell.True;
        if (Ascii.EqualsIgnoreCase(utf8, "FALSE"u8) || Ascii.EqualsIgnoreCase(utf8, "ONWAAR"u8)) return Cell.False;
        return Cell.Invalid;
    }

    public static Cell Parse(string? text) => Parse(Encoding.UTF8.GetBytes(text ?? string.Empty));

    public static string Format(bool value) => value ? "TRUE" : "FALSE";
}
