using System.Text;
using System.Text.Unicode;

namespace LicenseBot.Core.Csv;

/// <summary>
/// The upload as the CSV reader sees it: counted against <c>Bot:MaxCsvBytes</c> as it streams, its encoding
/// read from the byte order mark (UTF-8 with or without, UTF-16 with), and checked to be text while it is
/// read, so a binary file or a workbook gets a clear answer instead of a page of garbage rows.
/// A file without a byte order mark that is not valid UTF-8 is what Excel's plain "CSV" writes on a Western
/// Windows (a Dutch one included): Windows-1252. It is read as such, turned into UTF-8 on the way to the reader,
/// and <see cref="EncodingName"/> says so, from the first byte that is not UTF-8 on (bytes before it were ASCII,
/// which both encodings write alike).
/// The first line is kept aside so the separator can be chosen from the header before parsing starts.
/// </summary>
internal sealed class CsvInputStream : Stream
{
    private const int PrefixLimit = 64 * 1024;
    private const int ChunkSize = 16 * 1024;
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Excel's "CSV" on Windows with a Western locale (nl-NL, en-US, …); in .NET through System.Text.Encoding.CodePages.</summary>
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    private enum Mode
    {
        /// <summary>A UTF-8 byte order mark: UTF-8 it must be.</summary>
        Utf8,
        /// <summary>No byte order mark: UTF-8 until a byte says otherwise.</summary>
        Utf8OrWindows1252,
        Windows1252,
        /// <summary>UTF-16 (byte order mark): handed on as it is; the CSV reader decodes it.</summary>
        Utf16,
    }

    private readonly Stream _source;
    private readonly long _maxBytes;
    private readonly byte[] _prefix;
    private readonly int _prefixLength;
    private bool _prefixServed;
    private long _total;
    private Mode _mode;
    private bool _ended;

    // Bytes read but held back: the start of a UTF-8 sequence that the next read completes.
    private readonly byte[] _carry = new byte[4];
    private int _carryLength;

    // Bytes ready for the reader.
    private byte[] _out = new byte[ChunkSize * 3 + 16];
    private int _outStart;
    private int _outEnd;
    private readonly byte[] _raw = new byte[ChunkSize + 4];

    private CsvInputStream(Stream source, long maxBytes, byte[] prefix, int prefixLength, Mode mode, int bomLength)
    {
        _source = source;
        _maxBytes = maxBytes;
        _prefix = prefix;
        _prefixLength = prefixLength;
        _total = prefixLength;
        _mode = mode;
        BomLength = bomLength;
    }

    public int BomLength { get; }

    /// <summary>The encoding the file is read in: <c>UTF-8</c>, <c>UTF-16</c> or <c>Windows-1252</c> (assumed: the file had bytes that are not UTF-8).</summary>
    public string EncodingName => _mode switch
    {
        Mode.Utf16 => "UTF-16",
        Mode.Windows1252 => "Windows-1252",
        _ => "UTF-8",
    };

    /// <summary>True once the file turned out not to be UTF-8 and is read as Windows-1252.</summary>
    public bool IsWindows1252 => _mode == Mode.Windows1252;

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

        var start = prefix.AsSpan(0, length);
        var (mode, bom) = start.StartsWith(Utf8Bom) ? (Mode.Utf8, 3)
            : start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? (Mode.Utf16, 2)
            : (Mode.Utf8OrWindows1252, 0);
        if (length - bom == 0) throw new CsvFileException("bulk.csv.empty");
        if (length >= 4 && prefix[0] == 'P' && prefix[1] == 'K' && prefix[2] == 3 && prefix[3] == 4) throw new CsvFileException("bulk.csv.workbook");
        if (mode != Mode.Utf16 && start.Contains((byte)0)) throw new CsvFileException("bulk.csv.not_text");
        if (mode == Mode.Utf8OrWindows1252 && !Utf8.IsValid(start[..CompleteLength(start)])) mode = Mode.Windows1252;
        if (mode == Mode.Utf8 && !Utf8.IsValid(start[..CompleteLength(start)])) throw new CsvFileException("bulk.csv.not_text");

        return new CsvInputStream(source, maxBytes, prefix, length, mode, bom);
    }

    /// <summary>The header line as text (up to the first line break), without the byte order mark.</summary>
    public string FirstLine()
    {
        var encoding = _mode switch
        {
            Mode.Utf16 => _prefix[0] == 0xFF ? new UnicodeEncoding(bigEndian: false, byteOrderMark: false) : new UnicodeEncoding(bigEndian: true, byteOrderMark: false),
            Mode.Windows1252 => Windows1252,
            _ => (Encoding)new UTF8Encoding(false),
        };
        var text = encoding.GetString(_prefix, BomLength, _prefixLength - BomLength);
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    public override int Read(Span<byte> buffer)
    {
        while (_outStart == _outEnd)
        {
            if (_ended) return 0;
            if (_prefixServed)
            {
                var n = _source.Read(_raw.AsSpan(0, ChunkSize));
                Take(_raw.AsSpan(0, n));
            }
            else
            {
                _prefixServed = true;
                Take(_prefix.AsSpan(0, _prefixLength), counted: false);
            }
        }
        return Serve(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_outStart == _outEnd)
        {
            if (_ended) return 0;
            if (_prefixServed)
            {
                var n = await _source.ReadAsync(_raw.AsMemory(0, ChunkSize), cancellationToken);
                Take(_raw.AsSpan(0, n));
            }
            else
            {
                _prefixServed = true;
                Take(_prefix.AsSpan(0, _prefixLength), counted: false);
            }
        }
        return Serve(buffer.Span);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Serve(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _outEnd - _outStart);
        _out.AsSpan(_outStart, n).CopyTo(buffer);
        _outStart += n;
        return n;
    }

    /// <summary>Checks bytes just read and queues them for the reader, in UTF-8 (or UTF-16 as it came).</summary>
    private void Take(ReadOnlySpan<byte> read, bool counted = true)
    {
        var final = read.Length == 0;
        if (counted)
        {
            _total += read.Length;
            if (_total > _maxBytes) throw TooLarge(_maxBytes);
        }
        if (final) _ended = true;
        _outStart = 0;
        _outEnd = 0;

        if (_mode == Mode.Utf16)
        {
            Queue(read);
            return;
        }
        if (read.Contains((byte)0)) throw new CsvFileException("bulk.csv.not_text");

        // The bytes held back from the last read come first.
        var joined = _carryLength == 0 ? read : Join(read);
        _carryLength = 0;

        if (_mode == Mode.Windows1252)
        {
            Transcode(joined);
            return;
        }

        var complete = final ? joined.Length : CompleteLength(joined);
        if (Utf8.IsValid(joined[..complete]))
        {
            Queue(joined[..complete]);
            joined[complete..].CopyTo(_carry);
            _carryLength = joined.Length - complete;
            return;
        }
        if (_mode == Mode.Utf8) throw new CsvFileException("bulk.csv.not_text");
        _mode = Mode.Windows1252;
        Transcode(joined);
    }

    private ReadOnlySpan<byte> Join(ReadOnlySpan<byte> read)
    {
        var joined = new byte[_carryLength + read.Length];
        _carry.AsSpan(0, _carryLength).CopyTo(joined);
        read.CopyTo(joined.AsSpan(_carryLength));
        return joined;
    }

    private void Queue(ReadOnlySpan<byte> bytes)
    {
        if (_out.Length < bytes.Length) _out = new byte[bytes.Length];
        bytes.CopyTo(_out);
        _outEnd = bytes.Length;
    }

    private void Transcode(ReadOnlySpan<byte> windows1252)
    {
        var chars = Windows1252.GetChars(windows1252.ToArray());
        var needed = Encoding.UTF8.GetMaxByteCount(chars.Length);
        if (_out.Length < needed) _out = new byte[needed];
        _outEnd = Encoding.UTF8.GetBytes(chars, _out);
    }

    /// <summary>
    /// The length of <paramref name="bytes"/> without a UTF-8 sequence cut off at its end (at most 3 bytes are left
    /// for the next read to complete).
    /// </summary>
    private static int CompleteLength(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80) continue; // a continuation byte: look further back for its lead
            var needed = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return needed > back ? bytes.Length - back : bytes.Length;
        }
        return bytes.Length;
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
