namespace LicenseBot.Tests.Sandbox;

/// <summary>A read-only stream of <paramref name="length"/> predictable bytes, produced on the fly (nothing held in memory).</summary>
public sealed class PatternStream(long length) : Stream
{
    private long _position;

    public static byte ByteAt(long position) => (byte)((position * 31) + (position >> 11));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - _position);
        for (var i = 0; i < n; i++) buffer[offset + i] = ByteAt(_position + i);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
