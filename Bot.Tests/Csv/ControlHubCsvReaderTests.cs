using System.Text;
using LicenseBot.Core.Csv;
using LicenseBot.Core.Text;
using static LicenseBot.Tests.Csv.CsvSamples;
using Cell = LicenseBot.Core.Csv.CsvBool.Cell;

namespace LicenseBot.Tests.Csv;

public sealed class ControlHubCsvReaderTests
{
    private const string Header = "User ID/Email (Required),First Name,Last Name,Webex Calling - Professional [Sub-OLD],Webex Calling - Professional [Sub-NEW]";

    [Fact]
    public async Task Reads_a_comma_export_with_crlf_and_numbers_rows_as_the_spreadsheet_does()
    {
        var (layout, rows) = await ReadAllAsync(Utf8($"{Header}\r\nbob@acme.test,Bob,Builder,FALSE,TRUE\r\ncarol@acme.test,Carol,C,TRUE,FALSE\r\n"));

        Assert.Equal(',', layout.Separator);
        Assert.Equal([ProOld, ProNew], layout.Licences);
        Assert.Empty(layout.UnknownColumns);
        Assert.Equal(2, rows.Count);
        Assert.Equal((2, "bob@acme.test"), (rows[0].Row, rows[0].Email));
        Assert.Equal([Cell.False, Cell.True], rows[0].Cells);
        Assert.Equal((3, "carol@acme.test"), (rows[1].Row, rows[1].Email));
        Assert.Equal([Cell.True, Cell.False], rows[1].Cells);
        Assert.All(rows, r => Assert.Null(r.Problem));
    }

    [Fact]
    public async Task Reads_a_dutch_excel_file_with_semicolons_bom_and_waar_onwaar()
    {
        var text = "User ID/Email (Required);Display Name;Webex Calling - Professional [Sub-OLD];Webex Calling - Professional [Sub-NEW]\r\n"
                 + "bob@acme.test;Jansen, Piet;ONWAAR;WAAR\r\n"
                 + "carol@acme.test;\"De Vries; Anna\";waar;onwaar\r\n"
                 + ";;;\r\n;;;\r\n";

        var (layout, rows) = await ReadAllAsync(Utf8(text, bom: true));

        Assert.Equal(';', layout.Separator);
        Assert.Equal("UTF-8", layout.Encoding);
        Assert.Equal(2, rows.Count);
        Assert.Equal("bob@acme.test", rows[0].Email);
        Assert.Equal([Cell.False, Cell.True], rows[0].Cells);
        Assert.Equal([Cell.True, Cell.False], rows[1].Cells);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reads_utf16_with_a_byte_order_mark_tab_separated_with_lf(bool bigEndian)
    {
        var text = "User ID/Email (Required)\tDisplay Name\tWebex Calling - Professional [Sub-NEW]\nzoë@acme.test\tZoë Ålberg\ttrue\n";

        var (layout, rows) = await ReadAllAsync(Utf16(text, bigEndian));

        Assert.Equal('\t', layout.Separator);
        Assert.Equal("UTF-16", layout.Encoding);
        Assert.Equal("zoë@acme.test", Assert.Single(rows).Email);
        Assert.Equal([Cell.True], rows[0].Cells);
    }

    [Fact]
    public async Task Reads_booleans_in_any_case_and_leaves_empty_cells_as_no_change()
    {
        var (_, rows) = await ReadAllAsync(Utf8($"{Header}\nbob@acme.test,,,tRuE,\n"));

        Assert.Equal([Cell.True, Cell.Empty], Assert.Single(rows).Cells);
    }

    [Fact]
    public async Task Lists_unknown_columns_and_ignores_them_but_not_known_control_hub_attributes()
    {
        var text = "User ID/Email (Required),Phone Number,Extension,Favourite colour,Webex Calling - Professional [Sub-NEW],Webex Calling - Basic [Sub-GONE]\n"
                 + "bob@acme.test,+31201234567,1001,blue,TRUE,TRUE\n";

        var (layout, rows) = await ReadAllAsync(Utf8(text));

        Assert.Equal(["Favourite colour", "Webex Calling - Basic [Sub-GONE]"], layout.UnknownColumns);
        Assert.Equal([ProNew], layout.Licences);
        Assert.Equal([Cell.True], Assert.Single(rows).Cells);
    }

    [Fact]
    public async Task Maps_suspended_and_differently_spelled_headers_to_the_licence_they_name()
    {
        var text = "user id/email (required),WEBEX CALLING – PROFESSIONAL [sub-susp] (Suspended),Meeting  -  Webex Meetings [Sub-OLD]\nbob@acme.test,FALSE,TRUE\n";

        var (layout, _) = await ReadAllAsync(Utf8(text));

        Assert.Equal([ProSuspended, Meetings], layout.Licences);
    }

    [Fact]
    public async Task A_licence_header_without_subscription_that_fits_several_licences_is_never_guessed()
    {
        var text = "User ID/Email (Required),Webex Calling - Professional,Meeting - Webex Meetings\nbob@acme.test,TRUE,TRUE\n";

        var (layout, _) = await ReadAllAsync(Utf8(text));

        Assert.Equal(["Webex Calling - Professional"], layout.UnknownColumns);
        Assert.Equal([Meetings], layout.Licences);
    }

    [Fact]
    public async Task Rows_with_a_bad_value_or_no_email_carry_a_problem_with_their_row_number()
    {
        var text = $"{Header}\nbob@acme.test,,,maybe,TRUE\n,,,TRUE,FALSE\nnot-an-email,,,TRUE,FALSE\n'carol@acme.test,,,TRUE,FALSE\n";

        var (_, rows) = await ReadAllAsync(Utf8(text));

        Assert.Equal([2, 3, 4, 5], rows.Select(r => r.Row));
        Assert.Contains("Webex Calling - Professional [Sub-OLD]", rows[0].Problem?.In(BotLanguage.English));
        Assert.Contains("maybe", rows[0].Problem?.In(BotLanguage.English));
        Assert.Equal("no e-mail address", rows[1].Problem?.In(BotLanguage.English));
        Assert.Contains("not-an-email", rows[2].Problem?.In(BotLanguage.English));
        Assert.Null(rows[3].Problem);
        Assert.Equal("carol@acme.test", rows[3].Email);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task E_mail_cells_are_trimmed_unquoted_and_stripped_of_a_formula_apostrophe_long_or_not_ascii(bool utf16)
    {
        var longLocal = new string('x', 300);
        var text = $"{Header}\n  '  bob@acme.test  ,,,TRUE,FALSE\n\"  Zoë.Jansen@acme.test \",,,TRUE,\n{longLocal}@acme.test,,,,TRUE\n"
                 + "' ,,,TRUE,\nbob @acme.test,,,TRUE,\nbob@acme.test@x,,,TRUE,\n \u00a0carol@acme.test\u00a0,,,TRUE,\n";

        var (_, rows) = await ReadAllAsync(utf16 ? Utf16(text) : Utf8(text));

        Assert.Equal(["bob@acme.test", "Zoë.Jansen@acme.test", $"{longLocal}@acme.test", "", "bob @acme.test", "bob@acme.test@x", "carol@acme.test"],
            rows.Select(r => r.Email));
        Assert.Equal([null, null, null, "no e-mail address"], rows.Take(4).Select(r => r.Problem?.In(BotLanguage.English)));
        Assert.Contains("bob @acme.test", rows[4].Problem?.In(BotLanguage.English));
        Assert.Contains("bob@acme.test@x", rows[5].Problem?.In(BotLanguage.English));
        Assert.Null(rows[6].Problem);
        Assert.Equal([CsvBool.Cell.Empty, CsvBool.Cell.True], rows[2].Cells);
    }

    [Fact]
    public async Task Rows_read_one_after_another_keep_their_own_values()
    {
        var text = $"{Header}\nbob@acme.test,,,TRUE,FALSE\ncarol@acme.test,,,FALSE,TRUE\n";

        var (_, rows) = await ReadAllAsync(Utf8(text));

        Assert.Equal([CsvBool.Cell.True, CsvBool.Cell.False], rows[0].Cells);
        Assert.Equal([CsvBool.Cell.False, CsvBool.Cell.True], rows[1].Cells);
        Assert.Equal(["bob@acme.test", "carol@acme.test"], rows.Select(r => r.Email));
    }

    [Fact]
    public async Task Quoted_fields_keep_separators_and_line_breaks_and_row_numbers_follow_lines()
    {
        var text = $"{Header}\n\"bob@acme.test\",\"Bob, the\nbuilder\",B,FALSE,TRUE\ncarol@acme.test,C,C,TRUE,FALSE\n";

        var (_, rows) = await ReadAllAsync(Utf8(text));

        Assert.Equal(["bob@acme.test", "carol@acme.test"], rows.Select(r => r.Email));
        Assert.Equal([2, 4], rows.Select(r => r.Row));
    }

    [Fact]
    public async Task A_file_without_the_email_column_is_refused_naming_the_columns_found()
    {
        var error = await RefusedAsync(Utf8("Name,Licence\nbob,TRUE\n"));

        Assert.Equal("bulk.csv.no_email_column", error.TextKey);
        Assert.Contains("User ID/Email (Required)", error.Message);
        Assert.Contains("'Name', 'Licence'", error.Message);
    }

    [Fact]
    public async Task A_file_without_licence_columns_of_this_org_is_refused()
    {
        var error = await RefusedAsync(Utf8("User ID/Email (Required),Webex Calling - Basic [Sub-OTHER]\nbob@acme.test,TRUE\n"));

        Assert.Equal("bulk.csv.no_licence_columns", error.TextKey);
        Assert.Contains("Webex Calling - Basic [Sub-OTHER]", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("\r\n\r\n")]
    [InlineData(";;;\n")]
    public async Task An_empty_file_is_refused_as_empty(string text)
    {
        var error = await RefusedAsync(Utf8(text));

        Assert.Equal("bulk.csv.empty", error.TextKey);
    }

    [Fact]
    public async Task A_binary_file_is_refused_as_not_text()
    {
        var random = new Random(42);
        var bytes = new byte[5000];
        random.NextBytes(bytes);

        var error = await RefusedAsync(new MemoryStream(bytes));

        Assert.Equal("bulk.csv.not_text", error.TextKey);
    }

    [Fact]
    public async Task Invalid_utf8_deep_in_a_file_marked_as_utf8_is_refused_while_streaming()
    {
        var text = new StringBuilder(Header + "\n");
        for (var i = 0; i < 5000; i++) text.Append($"user{i}@acme.test,,,FALSE,TRUE\n");
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(text.ToString())).Concat(new byte[] { 0xC3, 0x28, (byte)'\n' }).ToArray();

        var error = await RefusedAsync(new MemoryStream(bytes));

        Assert.Equal("bulk.csv.not_text", error.TextKey);
    }

    [Fact]
    public async Task A_plain_excel_csv_from_a_dutch_windows_is_read_as_windows_1252()
    {
        // Excel's "CSV (gescheiden door lijstscheidingsteken)" on a Dutch Windows: Windows-1252, no BOM, semicolons.
        var text = "User ID/Email (Required);Display Name;Webex Calling - Professional [Sub-OLD];Webex Calling - Professional [Sub-NEW]\r\n"
                 + "béatrice@acme.test;Béatrice Dupré;ONWAAR;WAAR\r\n"
                 + "bob@acme.test;Bob;WAAR;ONWAAR\r\n";
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text);
        Assert.Equal(0xE9, bytes[text.IndexOf('é')]); // one byte, not UTF-8

        await using var file = await ControlHubCsvReader.OpenAsync(new MemoryStream(bytes), Licences, CsvLimits.Default, CancellationToken.None);
        var rows = new List<CsvUserRow>();
        await foreach (var row in file.ReadRowsAsync(CancellationToken.None)) rows.Add(row);

        Assert.Equal(';', file.Layout.Separator);
        Assert.Equal("Windows-1252", file.Layout.Encoding);
        Assert.True(file.IsWindows1252);
        Assert.Equal(["béatrice@acme.test", "bob@acme.test"], rows.Select(r => r.Email));
        Assert.Equal([Cell.False, Cell.True], rows[0].Cells);
        Assert.All(rows, r => Assert.Null(r.Problem));
    }

    [Fact]
    public async Task A_windows_1252_byte_deep_in_a_large_file_switches_the_rest_to_windows_1252()
    {
        var text = new StringBuilder(Header + "\n");
        for (var i = 0; i < 5000; i++) text.Append($"user{i}@acme.test,,,FALSE,TRUE\n");
        text.Append("zoë@acme.test,Zoë,Ålberg,FALSE,TRUE\n");
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text.ToString());

        await using var file = await ControlHubCsvReader.OpenAsync(new MemoryStream(bytes), Licences, CsvLimits.Default, CancellationToken.None);
        var rows = new List<CsvUserRow>();
        await foreach (var row in file.ReadRowsAsync(CancellationToken.None)) rows.Add(row);

        Assert.Equal("UTF-8", file.Layout.Encoding); // the header alone could not tell
        Assert.True(file.IsWindows1252);
        Assert.Equal(5001, rows.Count);
        Assert.Equal("zoë@acme.test", rows[^1].Email);
    }

    [Fact]
    public async Task A_utf8_file_without_bom_stays_utf8_even_when_a_character_is_split_between_reads()
    {
        var text = new StringBuilder(Header + "\n");
        for (var i = 0; i < 3000; i++) text.Append($"zoë{i}@acme.test,Zoë,Ålberg,FALSE,TRUE\n");

        await using var file = await ControlHubCsvReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), Licences, CsvLimits.Default, CancellationToken.None);
        var rows = new List<CsvUserRow>();
        await foreach (var row in file.ReadRowsAsync(CancellationToken.None)) rows.Add(row);

        Assert.False(file.IsWindows1252);
        Assert.Equal(3000, rows.Count);
        Assert.All(rows, r => Assert.StartsWith("zoë", r.Email));
    }

    [Fact]
    public async Task An_excel_workbook_is_refused_with_how_to_save_it_as_csv()
    {
        var error = await RefusedAsync(new MemoryStream([(byte)'P', (byte)'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0]));

        Assert.Equal("bulk.csv.workbook", error.TextKey);
        Assert.Contains("CSV UTF-8", error.Message);
    }

    [Fact]
    public async Task More_than_twenty_thousand_rows_are_refused_naming_the_limit()
    {
        var error = await RefusedAsync(Utf8(Rows(20_001)));

        Assert.Equal("bulk.csv.too_many_rows", error.TextKey);
        Assert.Contains("20,000", error.Message);
    }

    [Fact]
    public async Task Exactly_twenty_thousand_rows_are_read()
    {
        var (_, rows) = await ReadAllAsync(Utf8(Rows(20_000)));

        Assert.Equal(20_000, rows.Count);
        Assert.Equal(20_001, rows[^1].Row);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(200_000)]
    public async Task A_file_over_the_byte_limit_is_refused_naming_the_limit(long maxBytes)
    {
        var error = await RefusedAsync(Utf8(Rows(20_000)), new CsvLimits(MaxBytes: maxBytes));

        Assert.Equal("bulk.csv.too_large", error.TextKey);
        Assert.Contains($"{maxBytes} bytes", error.Message);
        Assert.Contains("Bot:MaxCsvBytes", error.Message);
    }

    [Fact]
    public async Task A_licence_column_given_twice_is_refused()
    {
        var error = await RefusedAsync(Utf8("User ID/Email (Required),Webex Calling - Professional [Sub-NEW],webex calling - professional [SUB-NEW]\nbob@acme.test,TRUE,TRUE\n"));

        Assert.Equal("bulk.csv.duplicate_column", error.TextKey);
    }

    private static string Rows(int count)
    {
        var text = new StringBuilder(Header + "\r\n");
        for (var i = 0; i < count; i++) text.Append("user").Append(i).Append("@acme.test,First,Last,FALSE,TRUE\r\n");
        return text.ToString();
    }
}
