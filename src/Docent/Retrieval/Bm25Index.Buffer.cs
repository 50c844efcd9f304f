using Docent.Retrieval.Segments;
namespace Docent.Retrieval;

/// <summary>
/// What <see cref="SegmentedLexicalIndex"/> reads when it uses this index as its in-memory buffer: the raw chunk arrays,
/// postings and totals, so it can score the buffer with collection-wide statistics and write it out as a segment.
/// Callers guarantee no write runs concurrently (the segmented index's own lock).
/// </summary>
public sealed partial class Bm25Index
{
    /// <summary>Ordinals in use, live or tombstoned.</summary>
    internal int OrdinalCount => _docCount;

    internal long TitleTotal => _titleTotal;

    internal long HeadingsTotal => _headingsTotal;

    internal long BodyTotal => _bodyTotal;

    internal ReadOnlySpan<long> OrdinalKeys => _keys.AsSpan(0, _docCount);

    internal ReadOnlySpan<int> OrdinalTitleLengths => _titleLengths.AsSpan(0, _docCount);

    internal ReadOnlySpan<int> OrdinalHeadingLengths => _headingLengths.AsSpan(0, _docCount);

    internal ReadOnlySpan<int> OrdinalBodyLengths => _bodyLengths.AsSpan(0, _docCount);

    internal ReadOnlySpan<byte> OrdinalLanguages => _languages.AsSpan(0, _docCount);

    internal IReadOnlyList<string> LanguageNames => _languageNames;

    /// <summary>Distinct terms with postings (live or not).</summary>
    internal int TermCount => _termCount;

    /// <summary>Postings held, live or not: what the buffer's memory grows with.</summary>
    internal long PostingCount { get; private set; }

    internal bool IsLive(int ordinal) => !IsDead(ordinal);

    /// <summary>The tombstone bitmap, or null when nothing is tombstoned.</summary>
    internal ulong[]? DeadBits => _deadCount == 0 ? null : _deadBits;

    internal string TermText(int id) => _termTexts[id];

    internal ReadOnlySpan<Bm25Posting> TermPostings(int id) => _postings[id].AsSpan(0, _postingCounts[id]);

    /// <summary>The postings of <paramref name="term"/> (live or not); empty when the term is unknown.</summary>
    internal ReadOnlySpan<Bm25Posting> TermPostings(string term) =>
        _termIds.TryGetValue(term, out int id) ? TermPostings(id) : [];
}
