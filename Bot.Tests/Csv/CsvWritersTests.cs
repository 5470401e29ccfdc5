using System.Text;
using LicenseBot.Core.Csv;
using static LicenseBot.Tests.Csv.CsvSamples;
using Cell = LicenseBot.Core.Csv.CsvBool.Cell;

namespace LicenseBot.Tests.Csv;

public sealed class CsvWritersTests
{
    [Fact]
    public async Task Export_has_control_hub_columns_and_reads_back_as_the_same_licences()
    {
        var users = new[]
        {
            new ExportUser("bob@acme.test", "Bob", "Builder", "Bob Builder", "Active", new HashSet<string> { ProOld.LicenceId, Meetings.LicenceId }),
            new ExportUser("carol@acme.test", "Carol", "=cmd", "Carol", "Pending", new HashSet<string> { ProSuspended.LicenceId }),
        };
        var output = new MemoryStream();

        var written = await ControlHubCsvWriter.WriteAsync(output, Licences, users.ToAsyncEnumerable(), CancellationToken.None);

        Assert.Equal(2, written);
        var bytes = output.ToArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var header = text[..text.IndexOf('\r')];
        Assert.Equal("User ID/Email (Required),First Name,Last Name,Display Name,User Status,Webex Calling - Professional [Sub-OLD],"
                   + "Webex Calling - Professional [Sub-NEW],Meeting - Webex Meetings [Sub-OLD],Webex Calling - Professional [Sub-SUSP] (Suspended)", header);
        Assert.Contains("bob@acme.test,Bob,Builder,Bob Builder,Active,TRUE,FALSE,TRUE,FALSE", text);
        Assert.Contains("'=cmd", text);

        var (layout, rows) = await ReadAllAsync(new MemoryStream(bytes));
        Assert.Equal(Licences, layout.Licences);
        Assert.Equal([Cell.True, Cell.False, Cell.True, Cell.False], rows[0].Cells);
        Assert.Equal([Cell.False, Cell.False, Cell.False, Cell.True], rows[1].Cells);
    }

    [Fact]
    public void Twin_licences_in_one_subscription_get_their_site_in_the_header()
    {
        var second = Meetings with { LicenceId = "L-MTG-2", SiteUrl = "acme-eu.webex.com" };

        var headers = LicenceHeader.FormatAll([ProOld, Meetings, second]);

        Assert.Equal(["Webex Calling - Professional [Sub-OLD]", "Meeting - Webex Meetings [Sub-OLD] [acme.webex.com]", "Meeting - Webex Meetings [Sub-OLD] [acme-eu.webex.com]"], headers);
        Assert.Equal(second, LicenceHeader.Match(headers[2], [ProOld, Meetings, second]));
        Assert.Null(LicenceHeader.Match("Meeting - Webex Meetings [Sub-OLD]", [ProOld, Meetings, second]));
    }

    [Fact]
    public async Task Export_streams_twenty_thousand_users_to_a_write_only_destination()
    {
        var sink = new CountingSink();
        var users = Enumerable.Range(0, 20_000)
            .Select(i => new ExportUser($"user{i}@acme.test", "F", "L", "F L", "Active", new HashSet<string> { ProOld.LicenceId }))
            .ToAsyncEnumerable();

        var written = await ControlHubCsvWriter.WriteAsync(sink, Licences, users, CancellationToken.None);

        Assert.Equal(20_000, written);
        Assert.Equal(20_001, sink.Lines);
        Assert.True(sink.Writes > 1, "the export should reach the destination in pieces, not as one buffer");
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+31201234567")]
    [InlineData("-1+1")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tcmd")]
    [InlineData("\rcmd")]
    public async Task Results_escape_every_cell_a_spreadsheet_would_run_as_a_formula(string hostile)
    {
        var output = new MemoryStream();
        ResultLine[] lines = [new(2, hostile, hostile, "Webex Calling", "failed", hostile, hostile)];

        await ResultsCsvWriter.WriteAsync(output, lines.ToAsyncEnumerable(), CancellationToken.None);

        var (_, rows) = (0, await ReadBackAsync(output));
        var row = rows[1];
        Assert.Equal("2", row[0]);
        foreach (var i in new[] { 1, 2, 5, 6 }) Assert.Equal("'" + hostile, row[i]);
        Assert.Equal("Webex Calling", row[3]);
    }

    [Fact]
    public async Task Results_have_the_documented_columns()
    {
        var output = new MemoryStream();
        ResultLine[] lines = [new(7, "bob@acme.test", "Webex Calling - Professional [Sub-OLD]", "Webex Calling - Professional [Sub-NEW]", "done", null, "ROUTER_1")];

        await ResultsCsvWriter.WriteAsync(output, lines.ToAsyncEnumerable(), CancellationToken.None);

        var rows = await ReadBackAsync(output);
        Assert.Equal(["Row", "Email", "Before", "After", "Outcome", "Error", "Tracking ID"], rows[0]);
        Assert.Equal(["7", "bob@acme.test", "Webex Calling - Professional [Sub-OLD]", "Webex Calling - Professional [Sub-NEW]", "done", "", "ROUTER_1"], rows[1]);
    }

    private static async Task<List<string[]>> ReadBackAsync(MemoryStream output)
    {
        using var reader = CsvHelper.CsvReader.Create(new MemoryStream(output.ToArray()), CsvHelper.CsvReaderOptions.Default with { HasHeader = false, Separator = ',' });
        var rows = new List<string[]>();
        while (await reader.ReadAsync(CancellationToken.None)) rows.Add(reader.Current.ToArray());
        return rows;
    }

    private sealed class CountingSink : Stream
    {
        public int Writes { get; private set; }
        public int Lines { get; private set; }
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            foreach (var b in buffer) if (b == '\n') Lines++;
        }
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) { Write(buffer.Span); return ValueTask.CompletedTask; }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) { Write(buffer.AsSpan(offset, count)); return Task.CompletedTask; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
