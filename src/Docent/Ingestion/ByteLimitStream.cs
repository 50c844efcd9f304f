using Docent.Documents;

namespace Docent.Ingestion;

/// <summary>
/// A read-only view of a file stream that counts the bytes actually read and fails with a clear reason once
/// they pass the size limit. The size stat reports is not enough: devices report 0 and a file may grow while it
/// is read, so the limit is enforced on what is read. The count is the read position, so seeking back and reading
/// again does not count twice. Not thread-safe (as the stream it wraps).
/// </summary>
internal sealed class ByteLimitStream : ReadCountingStream
{
    private readonly string _path;
    private readonly long _limit;
    private long _position;

    /// <summary>Wraps <paramref name="inner"/> (positioned at the start), read from <paramref name="path"/>.</summary>
    public ByteLimitStream(Stream inner, string path, long limit)
        : base(inner ?? throw new ArgumentNullException(nameof(inner)))
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        _path = path;
        _limit = limit;
    }

    public override bool CanSeek => Inner.CanSeek;

    public override long Length => Inner.Length;

    public override long Position
    {
        get => _position;
        set => _position = Inner.Position = value;
    }

    public override long Seek(long offset, SeekOrigin origin) => _position = Inner.Seek(offset, origin);

    protected override void OnRead(int bytes)
    {
        _position += bytes;
        if (_position > _limit)
        {
            throw new DocumentReadException(_path,
                $"file is over the {ByteSize.Format(_limit)} limit (found while reading it: it grew, or it is not an ordinary file; raise the limit with --max-file-mb)");
        }
    }
}
