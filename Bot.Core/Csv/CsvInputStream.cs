using System.Text;

namespace LicenseBot.Core.Csv;

/// <summary>
/// The upload as the CSV reader sees it: counted against <c>Bot:MaxCsvBytes</c> as it streams, its encoding
/// read from the byte order mark (UTF-8 with or without, UTF-16 with), and checked to be text while it is
/// read, so a binary file or a workbook gets a clear answer instead of a page of garbage rows.
/// The first line is kept aside so the separator can be chosen from the header before parsing starts.
/// </summary>
internal sealed class CsvInputStream : Stream
{
    private const int PrefixLimit = 64 * 1024;
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly Stream _source;
    private readonly long _maxBytes;
    private readonly byte[] _prefix;
    private readonly int _prefixLength;
    private int _prefixPosition;
    private long _total;
    private readonly Decoder? _utf8Check;
    private readonly char[] _scratch = new char[8192];

    private CsvInputStream(Stream source, long maxBytes, byte[] prefix, int prefixLength, Encoding encoding, int bomLength)
    {
        _source = source;
        _maxBytes = maxBytes;
        _prefix = prefix;
        _prefixLength = prefixLength;
        _total = prefixLength;
        TextEncoding = encoding;
        BomLength = bomLength;
        if (encoding is UTF8Encoding) _utf8Check = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
    }

    public Encoding TextEncoding { get; }
    public int BomLength { get; }

    public static async Task<CsvInputStream> OpenAsync(Stream source, long maxBytes, CancellationToken ct)
    {
        var prefix = new byte[PrefixLimit];
        var length = 0;
        while (length < prefix.Length)
        {
            var n = await source.ReadAsync(prefix.AsMemory(length), ct);
            if (n == 0) break;
            length += n;
            if (length > maxBytes) throw TooLarge(maxBytes);
            if (prefix.AsSpan(0, length).Contains((byte)'\n')) break;
        }

        var (encoding, bom) = DetectEncoding(prefix.AsSpan(0, length));
        if (length - bom == 0) throw new CsvFileException("bulk.csv.empty");
        if (length >= 4 && prefix[0] == 'P' && prefix[1] == 'K' && prefix[2] == 3 && prefix[3] == 4) throw new CsvFileException("bulk.csv.workbook");

        var stream = new CsvInputStream(source, maxBytes, prefix, length, encoding, bom);
        stream.Check(prefix.AsSpan(0, length), final: false);
        return stream;
    }

    /// <summary>The header line as text (up to the first line break), without the byte order mark.</summary>
    public string FirstLine()
    {
        var text = TextEncoding.GetString(_prefix, BomLength, _prefixLength - BomLength);
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static (Encoding Encoding, int Bom) DetectEncoding(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith(Utf8Bom)) return (new UTF8Encoding(false), 3);
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2);
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2);
        return (new UTF8Encoding(false), 0);
    }

    private void Check(ReadOnlySpan<byte> bytes, bool final)
    {
        if (_utf8Check is null) return;
        if (bytes.Contains((byte)0)) throw new CsvFileException("bulk.csv.not_text");
        try
        {
            var completed = false;
            while (!completed)
            {
                _utf8Check.Convert(bytes, _scratch, final, out var used, out _, out completed);
                bytes = bytes[used..];
            }
        }
        catch (DecoderFallbackException)
        {
            throw new CsvFileException("bulk.csv.not_text");
        }
    }

    public override int Read(Span<byte> buffer)
    {
        if (_prefixPosition < _prefixLength) return FromPrefix(buffer);
        var n = _source.Read(buffer);
        return Counted(buffer[..n]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefixPosition < _prefixLength) return FromPrefix(buffer.Span);
        var n = await _source.ReadAsync(buffer, cancellationToken);
        return Counted(buffer.Span[..n]);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int FromPrefix(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _prefixLength - _prefixPosition);
        _prefix.AsSpan(_prefixPosition, n).CopyTo(buffer);
        _prefixPosition += n;
        return n;
    }

    private int Counted(ReadOnlySpan<byte> read)
    {
        _total += read.Length;
        if (_total > _maxBytes) throw TooLarge(_maxBytes);
        Check(read, final: read.Length == 0);
        return read.Length;
    }

    private static CsvFileException TooLarge(long maxBytes) =>
        new("bulk.csv.too_large", maxBytes >= 1024 * 1024 ? $"{maxBytes / (1024.0 * 1024):0.#} MB" : $"{maxBytes} bytes");

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _total; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _source.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _source.DisposeAsync();
        await base.DisposeAsync();
    }
}
