namespace Docent.Documents;

/// <summary>
/// A read-only stream over another that reports every read's byte count to <see cref="OnRead"/>, which throws when
/// a limit is passed: the shared shape of the file-size limit (<c>Ingestion.ByteLimitStream</c>) and the zip
/// inflation budget (<see cref="InflationLimitStream"/>). Disposes the inner stream. Not thread-safe: one reader.
/// </summary>
internal abstract class ReadCountingStream(Stream inner) : Stream
{
    /// <summary>The stream read from.</summary>
    protected Stream Inner => inner;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        OnRead(read);
        return read;
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        OnRead(read);
        return read;
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Counts <paramref name="bytes"/> just read; throws a <see cref="DocumentReadException"/> past the limit.</summary>
    protected abstract void OnRead(int bytes);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
