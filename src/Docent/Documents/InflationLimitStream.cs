namespace Docent.Documents;

/// <summary>
/// A read-only view of an inflating zip entry stream that counts the bytes it yields against a budget shared
/// by all entries of one container (<see cref="ZipContainerGuard"/>) and throws once the budget is spent, so
/// an entry whose declared size lies still cannot inflate without bound. Not thread-safe: one reader.
/// </summary>
internal sealed class InflationLimitStream(Stream inner, ZipContainerGuard guard) : ReadCountingStream(inner)
{
    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void OnRead(int bytes) => guard.CountInflated(bytes);
}
