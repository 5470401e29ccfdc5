using LicenseBot.Core.Text;

namespace LicenseBot.Core.Csv;

/// <summary>
/// One data row of an uploaded file. <see cref="Row"/> is the spreadsheet row number an admin sees (the header
/// is row 1). <see cref="Cells"/> is aligned with <see cref="CsvLayout.Licences"/>. A row the bot cannot read
/// carries a <see cref="Problem"/> (a typed text) instead of being dropped, so it is reported with its number.
/// </summary>
public sealed record CsvUserRow(int Row, string Email, CsvBool.Cell[] Cells, LocalText? Problem = null);

/// <summary>How the header of an uploaded file was understood.</summary>
public sealed record CsvLayout(
    char Separator,
    string Encoding,
    IReadOnlyList<string> Headers,
    int EmailColumn,
    IReadOnlyList<CsvLicenceColumn> Licences,
    IReadOnlyList<int> LicenceColumnIndexes,
    IReadOnlyList<string> UnknownColumns);
