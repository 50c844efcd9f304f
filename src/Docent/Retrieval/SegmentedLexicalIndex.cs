using Docent.Retrieval.Segments;
using Docent.Text;

namespace Docent.Retrieval;

/// <summary>
/// The data folder's BM25F index for collections of millions of chunks: immutable, compressed, memory-mapped segments
/// (<see cref="LexicalSegment"/>) plus an in-memory buffer (a <see cref="Bm25Index"/>) for what changed since the last
/// save. Scores are exactly <see cref="Bm25Index"/>'s (same formula, collection-wide statistics over live chunks, same
/// order of additions), so results do not depend on how the chunks are split into segments.
/// <para>
/// Writes: an upsert marks any older version deleted (a per-segment bitset) and indexes the chunk into the buffer; a writer
/// that allows it (<see cref="SpillIfLarge"/>) writes the buffer out as a new segment when it grows past
/// <see cref="SpillPostings"/> postings, so a large ingest's memory stays bounded. <see cref="SaveAsync"/> writes the buffer
/// as a segment, merges segments by a tiered policy (<see cref="SegmentMergePolicy"/>), then writes the manifest (the file at
/// the given path: segment names, deletions, watermark) atomically, and removes segment files no manifest names. Opening
/// maps the segments: milliseconds and a small heap whatever the size.
/// </para>
/// <para>
/// Search: per segment, MaxScore over the terms' upper bounds, a non-essential term bounded by the block that may hold the
/// candidate (read from its header, undecoded), or term at a time when the terms have few postings; then the buffer term
/// by term; one top-K heap across all.
/// </para>
/// Thread-safety: many concurrent searches or one writer (<see cref="ReaderWriterLockSlim"/>); callers serialise writes.
/// </summary>
public sealed partial class SegmentedLexicalIndex : ILexicalIndex, IDisposable
{
    /// <summary>Buffered postings after which <see cref="SpillIfLarge"/> writes a segment (about 20–30 MB of heap).</summary>
    public const long DefaultSpillPostings = 2_000_000;

    /// <summary>Name of the folder, beside the manifest, that holds the segment files.</summary>
    public const string SegmentFolderName = "lexical-segments";

    private readonly ITextAnalyzer _analyzer;
    private readonly Bm25Options _options;
    private readonly string _segmentDirectory;
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private Bm25Index _buffer;
    private SegmentState[] _segments = [];

    // Statistics of the segments' live chunks (the buffer keeps its own).
    private int _segmentLive;

    // Write-lock acquisitions so far: what a search's cached figures for a filter were computed at.
    private long _writes;
    private long _segmentTitleTotal;
    private long _segmentHeadingsTotal;
    private long _segmentBodyTotal;
    private readonly Dictionary<string, int> _segmentLanguageCounts = new(StringComparer.Ordinal);
    private volatile string[] _candidateLanguages = [];

    /// <summary>Creates an empty index whose segments go to <paramref name="segmentDirectory"/>.</summary>
    public SegmentedLexicalIndex(ITextAnalyzer analyzer, string segmentDirectory, Bm25Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentException.ThrowIfNullOrEmpty(segmentDirectory);
        _analyzer = analyzer;
        _options = options?.Clone() ?? new Bm25Options();
        _options.Validate();
        _segmentDirectory = Path.GetFullPath(segmentDirectory);
        _buffer = new Bm25Index(analyzer, _options);
    }

    /// <summary>Buffered postings after which <see cref="SpillIfLarge"/> writes the buffer out as a segment.</summary>
    public long SpillPostings { get; init; } = DefaultSpillPostings;

    /// <inheritdoc />
    public int Count => Volatile.Read(ref _segmentLive) + _buffer.Count;

    /// <summary>The segments held now (for tests and statistics).</summary>
    public int SegmentCount => _segments.Length;

    /// <summary>Chunks in the in-memory buffer, live or not (for tests).</summary>
    internal int BufferedCount => _buffer.OrdinalCount;

    /// <summary>The folder the segment files are written to.</summary>
    public string SegmentDirectory => _segmentDirectory;

    /// <inheritdoc />
    public IReadOnlyList<string> Languages => _candidateLanguages;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, int> LanguageCounts
    {
        get
        {
            _gate.EnterReadLock();
            try
            {
                return CountLanguages();
            }
            finally
            {
                _gate.ExitReadLock();
            }
        }
    }

    /// <inheritdoc />
    public void Upsert(LexicalDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        _gate.EnterWriteLock();
        _writes++;
        try
        {
            DeleteFromSegments(document.Key);
            _buffer.Upsert(document);
            Changed();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public bool Remove(long key)
    {
        _gate.EnterWriteLock();
        _writes++;
        try
        {
            bool removed = _buffer.Remove(key) || DeleteFromSegments(key);
            if (removed)
            {
                Changed();
            }

            return removed;
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <summary>
    /// Writes the buffer out as a new segment when it holds more than <see cref="SpillPostings"/> postings, so a long
    /// catch-up or rebuild keeps its memory bounded. Only the data folder's writer may call this (it writes files);
    /// the segment becomes durable with the next <see cref="SaveAsync"/>. Returns whether it wrote one.
    /// </summary>
    public bool SpillIfLarge()
    {
        if (_buffer.PostingCount <= SpillPostings)
        {
            return false;
        }

        FlushBuffer();
        return true;
    }

    /// <summary>Unmaps the segments.</summary>
    public void Dispose()
    {
        _gate.EnterWriteLock();
        _writes++;
        try
        {
            foreach (SegmentState state in _segments)
            {
                state.Segment.Dispose();
            }

            _segments = [];
        }
        finally
        {
            _gate.ExitWriteLock();
        }

        _buffer.Dispose();
        _gate.Dispose();
    }

    /// <summary>Marks the live copy of <paramref name="key"/> in a segment deleted. Caller holds the write lock.</summary>
    private bool DeleteFromSegments(long key)
    {
        foreach (SegmentState state in _segments)
        {
            int ordinal = state.Segment.FindOrdinal(key);
            if (ordinal >= 0 && state.Delete(ordinal))
            {
                _segmentLive--;
                _segmentTitleTotal -= state.Segment.TitleLengths[ordinal];
                _segmentHeadingsTotal -= state.Segment.HeadingLengths[ordinal];
                _segmentBodyTotal -= state.Segment.BodyLengths[ordinal];
                string language = state.Segment.LanguageNames[state.Segment.Languages[ordinal]];
                _segmentLanguageCounts[language]--;
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds a segment's live chunks to the statistics. Caller holds the write lock (or owns the index alone).</summary>
    private void AddStatistics(SegmentState state, int sign)
    {
        LexicalSegment segment = state.Segment;
        ReadOnlySpan<byte> languages = segment.Languages;
        if (state.DeletedCount == 0)
        {
            _segmentLive += sign * segment.DocCount;
            _segmentTitleTotal += sign * segment.TitleTotal;
            _segmentHeadingsTotal += sign * segment.HeadingsTotal;
            _segmentBodyTotal += sign * segment.BodyTotal;
            Span<int> counts = stackalloc int[segment.LanguageNames.Count];
            foreach (byte language in languages)
            {
                counts[language]++;
            }

            for (int l = 0; l < counts.Length; l++)
            {
                if (counts[l] > 0)
                {
                    _segmentLanguageCounts[segment.LanguageNames[l]] = _segmentLanguageCounts.GetValueOrDefault(segment.LanguageNames[l]) + (sign * counts[l]);
                }
            }

            return;
        }

        for (int d = 0; d < segment.DocCount; d++)
        {
            if (state.IsDeleted(d))
            {
                continue;
            }

            _segmentLive += sign;
            _segmentTitleTotal += sign * segment.TitleLengths[d];
            _segmentHeadingsTotal += sign * segment.HeadingLengths[d];
            _segmentBodyTotal += sign * segment.BodyLengths[d];
            string language = segment.LanguageNames[languages[d]];
            _segmentLanguageCounts[language] = _segmentLanguageCounts.GetValueOrDefault(language) + sign;
        }
    }

    /// <summary>Refreshes the candidate languages after a write (norms follow the statistics by themselves). Caller holds the write lock.</summary>
    private void Changed()
    {
        _candidateLanguages = (string[])LexicalQuery.CandidateLanguages(CountLanguages());
    }

    private Dictionary<string, int> CountLanguages()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (language, count) in _segmentLanguageCounts)
        {
            if (count > 0)
            {
                counts[language] = count;
            }
        }

        foreach (var (language, count) in _buffer.LanguageCounts)
        {
            counts[language] = counts.GetValueOrDefault(language) + count;
        }

        return counts;
    }

    /// <summary>Writes the buffer's live chunks out as a new segment and empties the buffer. Caller serialises writes.</summary>
    private void FlushBuffer()
    {
        Bm25Index buffer = _buffer;
        if (buffer.OrdinalCount == 0)
        {
            return;
        }

        LexicalSegment? segment = buffer.Count == 0 ? null : WriteBufferSegment(buffer);
        _gate.EnterWriteLock();
        _writes++;
        try
        {
            if (segment is not null)
            {
                var state = new SegmentState(segment);
                _segments = [.. _segments, state];
                AddStatistics(state, +1);
            }

            _buffer = new Bm25Index(_analyzer, _options);
            Changed();
        }
        finally
        {
            _gate.ExitWriteLock();
        }

        buffer.Dispose();
    }

    /// <summary>A new segment file's path: unique, so no file a reader may still map is ever overwritten.</summary>
    private string NewSegmentPath() => Path.Combine(_segmentDirectory, $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}.dls");

    /// <summary>Writes the buffer's live chunks, in key order, with their postings, and maps the result.</summary>
    private LexicalSegment WriteBufferSegment(Bm25Index buffer)
    {
        ReadOnlySpan<long> keys = buffer.OrdinalKeys;
        var live = new List<int>(buffer.Count);
        for (int d = 0; d < keys.Length; d++)
        {
            if (buffer.IsLive(d))
            {
                live.Add(d);
            }
        }

        var liveKeys = new long[live.Count];
        for (int i = 0; i < liveKeys.Length; i++)
        {
            liveKeys[i] = keys[live[i]];
        }

        int[] byKey = [.. live];
        Array.Sort(liveKeys, byKey);
        var remap = new int[keys.Length];
        Array.Fill(remap, -1);
        for (int i = 0; i < byKey.Length; i++)
        {
            remap[byKey[i]] = i;
        }

        string path = NewSegmentPath();
        using (var writer = new LexicalSegmentWriter(path, byKey.Length, buffer.LanguageNames))
        {
            foreach (int d in byKey)
            {
                writer.AddDocument(keys[d], buffer.OrdinalTitleLengths[d], buffer.OrdinalHeadingLengths[d], buffer.OrdinalBodyLengths[d], buffer.OrdinalLanguages[d]);
            }

            var terms = new (byte[] Utf8, int Id)[buffer.TermCount];
            for (int t = 0; t < terms.Length; t++)
            {
                terms[t] = (System.Text.Encoding.UTF8.GetBytes(buffer.TermText(t)), t);
            }

            Array.Sort(terms, static (x, y) => x.Utf8.AsSpan().SequenceCompareTo(y.Utf8));
            var postings = new List<(int Ordinal, uint Tf)>();
            foreach (var (utf8, id) in terms)
            {
                postings.Clear();
                bool sorted = true;
                foreach (Bm25Posting posting in buffer.TermPostings(id))
                {
                    int ordinal = remap[posting.Doc];
                    if (ordinal < 0)
                    {
                        continue;
                    }

                    sorted &= postings.Count == 0 || postings[^1].Ordinal < ordinal;
                    postings.Add((ordinal, posting.Tf));
                }

                if (postings.Count == 0)
                {
                    continue;
                }

                if (!sorted)
                {
                    postings.Sort(static (x, y) => x.Ordinal.CompareTo(y.Ordinal));
                }

                writer.StartTerm(utf8);
                foreach (var (ordinal, tf) in postings)
                {
                    writer.AddPosting(ordinal, tf);
                }

                writer.EndTerm();
            }

            writer.Commit();
        }

        return LexicalSegment.Open(path, verify: false);
    }
}
