namespace LicenseBot.Core.Cards;

/// <summary>
/// A bar of a part of a whole (units used of a licence, rows handled of a job), drawn with what Webex draws — no image:
/// on a card a <see cref="ColumnSet"/> of two columns whose weights are the two shares and whose background styles are
/// the colours; in a text message (a job's progress, which must stay text to be edited) a line of block characters.
/// </summary>
public static class UnitBar
{
    /// <summary>Characters of a text bar.</summary>
    public const int TextWidth = 20;

    public const char Filled = '█';
    public const char Empty = '░';

    /// <summary>
    /// The card bar of <paramref name="part"/> of <paramref name="whole"/>: the part in <paramref name="partStyle"/>
    /// (<see cref="ContainerStyle.Attention"/> once nothing is left), the rest in <see cref="ContainerStyle.Emphasis"/>.
    /// Weights are whole percentages; a part that is not zero (or not all) never shrinks below 1%, so it stays visible.
    /// </summary>
    public static ColumnSet Columns(int part, int whole, ContainerStyle partStyle = ContainerStyle.Accent)
    {
        var percent = Percent(part, whole);
        var columns = new List<Column>(2);
        if (percent > 0)
            columns.Add(Segment(percent, percent == 100 && whole > 0 ? ContainerStyle.Attention : partStyle));
        if (percent < 100)
            columns.Add(Segment(100 - percent, ContainerStyle.Emphasis));
        return new ColumnSet(columns) { Spacing = Spacing.Small };
    }

    /// <summary>The text bar: <see cref="TextWidth"/> characters, <see cref="Filled"/> for the part, <see cref="Empty"/> for the rest.</summary>
    public static string Text(int part, int whole, int width = TextWidth)
    {
        var filled = whole <= 0 ? 0 : (int)Math.Round((double)Math.Clamp(part, 0, whole) / whole * width, MidpointRounding.AwayFromZero);
        if (filled == 0 && part > 0) filled = 1;
        if (filled == width && part < whole) filled = width - 1;
        return new string(Filled, filled) + new string(Empty, width - filled);
    }

    /// <summary>The part's share as a whole percentage, kept off 0 and 100 unless it is exactly none or all.</summary>
    public static int Percent(int part, int whole)
    {
        if (whole <= 0 || part <= 0) return 0;
        if (part >= whole) return 100;
        return Math.Clamp((int)Math.Round(100.0 * part / whole, MidpointRounding.AwayFromZero), 1, 99);
    }

    // A non-breaking space gives the column one line of height; the renderer draws the column's background under it.
    private static Column Segment(int weight, ContainerStyle style) =>
        new([new TextBlock("\u00A0") { Size = TextSize.Small, Wrap = false }]) { Width = weight.ToString(System.Globalization.CultureInfo.InvariantCulture), Style = style, Spacing = Spacing.None };
}
