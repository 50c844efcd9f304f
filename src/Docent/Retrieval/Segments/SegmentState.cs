using System.Collections.Concurrent;

namespace Docent.Retrieval.Segments;

/// <summary>
/// A segment as one <c>SegmentedLexicalIndex</c> holds it: the mapped file, which of its chunks are deleted (a
/// bitset made on the first deletion) and the per-chunk norms last computed for it. Mutated only under
/// the index's write lock (deletions) or its norms lock (norms).
/// </summary>
internal sealed class SegmentState(LexicalSegment segment)
{
    public LexicalSegment Segment { get; } = segment;

    /// <summary>Deleted ordinals, or null while none is.</summary>
    public ulong[]? Deleted { get; private set; }

    public int DeletedCount { get; private set; }

    public int LiveCount => Segment.DocCount - DeletedCount;

    /// <summary>
    /// How many sets of norms a segment keeps: searches under different statistics take turns (the whole index's, a caller's
    /// readable chunks', a shard's collection figures), and recomputing a segment's norms on every turn costs a pass over it.
    /// </summary>
    public const int MaxNormSets = 4;

    private SegmentNorms[] _norms = [];

    /// <summary>The norms computed for this segment under <paramref name="key"/>, or null.</summary>
    public SegmentNorms? NormsFor(FieldNorms key)
    {
        foreach (var norms in Volatile.Read(ref _norms))
        {
            if (norms.Key == key)
            {
                return norms;
            }
        }

        return null;
    }

    /// <summary>Keeps <paramref name="norms"/> first, dropping the oldest beyond <see cref="MaxNormSets"/>; callers serialise.</summary>
    public void KeepNorms(SegmentNorms norms)
    {
        var kept = Volatile.Read(ref _norms);
        var next = new SegmentNorms[Math.Min(kept.Length + 1, MaxNormSets)];
        next[0] = norms;
        Array.Copy(kept, 0, next, 1, next.Length - 1);
        Volatile.Write(ref _norms, next);
    }

    // Live document frequencies counted since the last deletion, by the term's postings offset (searches fill it concurrently).
    private ConcurrentDictionary<int, int>? _liveFrequencies;

    /// <summary>
    /// The live postings of a term, counted once per state of the deletions (decoding a long list on every query after a
    /// single deletion would cost more than the query).
    /// </summary>
    public int LiveDocFrequency(LexicalSegment.TermEntry entry, Func<SegmentState, LexicalSegment.TermEntry, int> count)
    {
        if (DeletedCount == 0)
        {
            return entry.DocFrequency;
        }

        var cache = _liveFrequencies;
        if (cache is null)
        {
            cache = new ConcurrentDictionary<int, int>();
            cache = Interlocked.CompareExchange(ref _liveFrequencies, cache, null) ?? cache;
        }

        return cache.GetOrAdd(entry.PostingsStart, static (_, args) => args.count(args.state, args.entry), (count, state: this, entry));
    }

    public bool IsDeleted(int ordinal) => Deleted is { } bits && (bits[ordinal >> 6] & (1UL << ordinal)) != 0;

    /// <summary>Marks <paramref name="ordinal"/> deleted; false when it already was.</summary>
    public bool Delete(int ordinal)
    {
        Deleted ??= new ulong[(Segment.DocCount + 63) >> 6];
        ref ulong word = ref Deleted[ordinal >> 6];
        ulong bit = 1UL << ordinal;
        if ((word & bit) != 0)
        {
            return false;
        }

        word |= bit;
        DeletedCount++;
        _liveFrequencies = null;
        return true;
    }

    /// <summary>Takes deletions read from a manifest.</summary>
    public void SetDeleted(ulong[] bits)
    {
        int count = 0;
        for (int d = 0; d < Segment.DocCount; d++)
        {
            if ((bits[d >> 6] & (1UL << d)) != 0)
            {
                count++;
            }
        }

        Deleted = count > 0 ? bits : null;
        DeletedCount = count;
        _liveFrequencies = null;
    }
}
