namespace Docent.Indexing;

/// <summary>
/// An index paired with the sequence number of the last store change applied to it, so the live wrappers swap
/// both in one reference write. The index is fixed; the watermark advances as changes are applied. Thread-safe.
/// </summary>
internal sealed class IndexAtWatermark<TIndex>(TIndex index, long watermark)
    where TIndex : class
{
    private long _watermark = watermark;

    /// <summary>The index.</summary>
    public TIndex Index { get; } = index;

    /// <summary>The last store change applied to <see cref="Index"/>.</summary>
    public long Watermark
    {
        get => Interlocked.Read(ref _watermark);
        set => Interlocked.Exchange(ref _watermark, value);
    }
}
