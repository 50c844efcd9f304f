using Docent.Documents;

namespace Docent.Ingestion;

/// <summary>
/// A read-only view of a file stream that counts the bytes actually read and fails with a clear reason once
/// they pass the size limit. The size stat reports is not enough: devices report 0 and a file may grow while it
/// is read, so the limit is enforced on what is read. Not thread-safe (as the stream it wraps).
/// </summary>
internal sealed class ByteLimitStream : Stream
{
    private readonly Stream _inner;
    private readonly string _path;
    private readonly long _limit;
    private long _position;

    /// <summary>Wraps <paramref name="inner"/> (positioned at the start), read from <paramref name="path"/>.</summary>
    public ByteLimitStream(Stream inner, string path, long limit)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        _inner = inner;
        _path = path;
        _limit = limit;
    }

    public override bool CanRead => true;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _position;
        set => _position = _inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(_inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => _position = _inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Count(int read)
    {
        _position += read;
        if (_position > _limit)
        {
            throw new DocumentReadException(_path,
                $"file is over the {ByteSize.Format(_limit)} limit (found while reading it: it grew, or it is not an ordinary file; raise the limit with --max-file-mb)");
        }

        return read;
    }
}
