using System.Runtime.CompilerServices;
using System.Text;
using Docent.Retrieval.Segments;
using Docent.Text;

namespace Docent.Retrieval;

/// <summary>
/// The query path: collection-wide statistics, per-segment block-max MaxScore (exhaustive term-at-a-time scoring as the
/// reference), then the buffer, into one top-K heap. A document's score adds its terms' contributions in query order, as
/// <see cref="Bm25Index"/> does, so scores are bit-for-bit the same; bounds carry a relative slack so rounding never
/// prunes a document that would have entered, and a document whose bound ties the K-th score is still scored.
/// </summary>
public sealed partial class SegmentedLexicalIndex
{
    private const double BoundSlack = 1e-9;



    private readonly Lock _normsLock = new();
    private readonly Stack<Accumulator> _accumulators = new();

    /// <summary>
    /// Postings per requested result up to which a segment is scored term at a time (every posting, no bookkeeping) rather
    /// than by MaxScore. On the Zipf bench corpus (3,400 postings a query at 100k chunks, 34,000 at 1M) term at a time
    /// was as fast as MaxScore at 100k and half as fast at 1M, so only small lists go that way.
    /// </summary>
    private const int ExhaustivePostingsPerResult = 64;

    /// <summary>Which scoring path a segment search takes (tests compare them).</summary>
    internal enum SegmentSearchStrategy
    {
        /// <summary>Block-max MaxScore.</summary>
        Pruned,

        /// <summary>Every posting of every term.</summary>
        Exhaustive,
    }

    /// <inheritdoc />
    public IReadOnlyList<ScoredKey> Search(string query, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        int top = TopOf(options);
        cancellationToken.ThrowIfCancellationRequested();
        return SearchTerms(AnalyzeQuery(query), top, SegmentSearchStrategy.Pruned, cancellationToken);
    }

    /// <inheritdoc />
    public IReadOnlyList<ScoredKey> Search(IReadOnlyList<WeightedTerm> terms, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        int top = TopOf(options);
        cancellationToken.ThrowIfCancellationRequested();
        return SearchTerms(Bm25Index.WeightedTerms(terms), top, SegmentSearchStrategy.Pruned, cancellationToken);
    }

    /// <summary>Searches with a chosen scoring path (for tests).</summary>
    internal IReadOnlyList<ScoredKey> Search(string query, int top, SegmentSearchStrategy strategy) =>
        SearchTerms(AnalyzeQuery(query), top, strategy, CancellationToken.None);

    private static int TopOf(LexicalSearchOptions? options) => Bm25Index.TopOf(options);

    private static double Idf(int n, int df) => Bm25Index.Idf(n, df);

    private List<(string Term, double Weight)> AnalyzeQuery(string query) => Bm25Index.QueryTerms(_analyzer, query, _candidateLanguages);

    private IReadOnlyList<ScoredKey> SearchTerms(List<(string Term, double Weight)> terms, int top, SegmentSearchStrategy strategy, CancellationToken cancellationToken)
    {
        if (terms.Count == 0)
        {
            return [];
        }

        _gate.EnterReadLock();
        try
        {
            return SearchCore(terms, top, strategy, cancellationToken);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    // Caller holds the read lock.
    private List<ScoredKey> SearchCore(List<(string Term, double Weight)> terms, int top, SegmentSearchStrategy strategy, CancellationToken cancellationToken)
    {
        Bm25Index buffer = _buffer;
        int n = _segmentLive + buffer.Count;
        if (n == 0)
        {
            return [];
        }

        SegmentState[] segments = _segments;
        FieldNorms norms = FieldNorms.For(
            _options.B, _options.TitleWeight, _options.HeadingsWeight, _options.BodyWeight, n, _segmentTitleTotal + buffer.TitleTotal, _segmentHeadingsTotal + buffer.HeadingsTotal, _segmentBodyTotal + buffer.BodyTotal);
        EnsureNorms(segments, norms);

        // Resolve every term in every segment and in the buffer; the document frequency counts live postings everywhere.
        int m = terms.Count;
        var entries = new LexicalSegment.TermEntry?[segments.Length, m];
        var weights = new double[m];
        bool any = false;
        for (int t = 0; t < m; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] utf8 = Encoding.UTF8.GetBytes(terms[t].Term);
            int df = 0;
            for (int s = 0; s < segments.Length; s++)
            {
                if (segments[s].Segment.TryFindTerm(utf8, out var entry))
                {
                    entries[s, t] = entry;
                    df += segments[s].LiveDocFrequency(entry, CountLive);
                }
            }

            df += CountLive(buffer, buffer.TermPostings(terms[t].Term));
            if (df > 0)
            {
                weights[t] = terms[t].Weight * Idf(n, df) * (_options.K1 + 1);
                any = true;
            }
        }

        if (!any)
        {
            return [];
        }

        var heap = new Bm25TopK(Math.Min(top, n));
        var context = new QueryContext(m, norms, _options.K1);
        for (int s = 0; s < segments.Length; s++)
        {
            context.Clear();
            for (int t = 0; t < m; t++)
            {
                if (weights[t] > 0 && entries[s, t] is { } entry)
                {
                    context.Add(t, entry, weights[t]);
                }
            }

            if (context.Count == 0)
            {
                continue;
            }

            long postings = 0;
            for (int i = 0; i < context.Count; i++)
            {
                postings += context.Entries[i].DocFrequency;
            }

            if (strategy == SegmentSearchStrategy.Exhaustive || postings <= (long)ExhaustivePostingsPerResult * top)
            {
                SearchSegmentExhaustive(segments[s], context, heap, cancellationToken);
            }
            else
            {
                SearchSegmentPruned(segments[s], context, heap, cancellationToken);
            }
        }

        SearchBuffer(buffer, terms, weights, norms, heap, cancellationToken);
        return heap.ToSortedList();
    }

    private static int CountLive(SegmentState state, LexicalSegment.TermEntry entry)
    {
        var cursor = new SegmentPostingsCursor();
        cursor.Reset(state.Segment, entry.PostingsStart, entry.DocFrequency, default);
        int live = 0;
        for (int d = cursor.NextDoc(); d != SegmentPostingsCursor.End; d = cursor.NextDoc())
        {
            if (!state.IsDeleted(d))
            {
                live++;
            }
        }

        return live;
    }

    private static int CountLive(Bm25Index buffer, ReadOnlySpan<Bm25Posting> postings)
    {
        if (buffer.DeadBits is null)
        {
            return postings.Length;
        }

        int live = 0;
        foreach (Bm25Posting posting in postings)
        {
            if (buffer.IsLive(posting.Doc))
            {
                live++;
            }
        }

        return live;
    }

    /// <summary>Recomputes each segment's per-chunk norms after a write; concurrent searches wait for it once.</summary>
    private void EnsureNorms(SegmentState[] segments, FieldNorms norms)
    {
        int generation = Volatile.Read(ref _generation);
        foreach (SegmentState state in segments)
        {
            if (state.NormsCurrent(generation))
            {
                continue;
            }

            lock (_normsLock)
            {
                if (state.NormsCurrent(generation))
                {
                    continue;
                }

                LexicalSegment segment = state.Segment;
                int count = segment.DocCount;
                if (state.BodyNorms.Length != count)
                {
                    state.BodyNorms = new double[count];
                    bool small = segment.TitleTotal > 0 || segment.HeadingsTotal > 0;
                    state.TitleNorms = small ? new double[count] : null;
                    state.HeadingNorms = small ? new double[count] : null;
                }

                norms.Fill(state.BodyNorms, segment.BodyLengths, norms.BodyWeight, norms.BodyScale);
                if (state.TitleNorms is not null)
                {
                    norms.Fill(state.TitleNorms, segment.TitleLengths, norms.TitleWeight, norms.TitleScale);
                    norms.Fill(state.HeadingNorms!, segment.HeadingLengths, norms.HeadingsWeight, norms.HeadingsScale);
                }

                state.MarkNorms(generation);
            }
        }
    }

    /// <summary>The field-weighted, length-normalised frequency of one posting, exactly as <see cref="Bm25Index"/> computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double WeightedFrequency(SegmentState state, uint tf, int d)
    {
        double weighted = (tf >> Bm25Posting.BodyShift) * state.BodyNorms[d];
        if ((tf & 0xFFFF) != 0)
        {
            weighted += ((tf & Bm25Posting.SmallMask) * state.TitleNorms![d])
                + (((tf >> Bm25Posting.HeadingsShift) & Bm25Posting.SmallMask) * state.HeadingNorms![d]);
        }

        return weighted;
    }

    /// <summary>
    /// Every posting of every term, accumulated term by term into a pooled per-chunk array (as <see cref="Bm25Index"/>'s
    /// exhaustive path does): the reference the pruned path must equal, and the faster path when the terms have few postings.
    /// </summary>
    private void SearchSegmentExhaustive(SegmentState state, QueryContext context, Bm25TopK heap, CancellationToken cancellationToken)
    {
        Accumulator scratch = RentAccumulator(state.Segment.DocCount);
        try
        {
            double[] accumulator = scratch.Scores;
            int[] touched = scratch.Touched;
            int touchedCount = 0;
            double k1 = context.K1;
            double[] bodyNorms = state.BodyNorms;
            double[]? titleNorms = state.TitleNorms;
            double[]? headingNorms = state.HeadingNorms;
            ulong[]? deleted = state.Deleted;
            for (int i = 0; i < context.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                SegmentPostingsCursor cursor = context.Cursor(i, state.Segment);
                double weight = context.Weights[i];
                while (cursor.NextBlock(out ReadOnlySpan<int> docs, out ReadOnlySpan<uint> tfs) > 0)
                {
                    for (int j = 0; j < docs.Length; j++)
                    {
                        int d = docs[j];
                        if (deleted is not null && (deleted[d >> 6] & (1UL << d)) != 0)
                        {
                            continue;
                        }

                        uint tf = tfs[j];
                        double weighted = (tf >> Bm25Posting.BodyShift) * bodyNorms[d];
                        if ((tf & 0xFFFF) != 0)
                        {
                            weighted += ((tf & Bm25Posting.SmallMask) * titleNorms![d])
                                + (((tf >> Bm25Posting.HeadingsShift) & Bm25Posting.SmallMask) * headingNorms![d]);
                        }

                        if (weighted <= 0)
                        {
                            continue;
                        }

                        ref double sum = ref accumulator[d];
                        if (sum == 0)
                        {
                            touched[touchedCount++] = d;
                        }

                        sum += weight * weighted / (k1 + weighted);
                    }
                }
            }

            ReadOnlySpan<long> keys = state.Segment.Keys;
            for (int i = 0; i < touchedCount; i++)
            {
                int d = touched[i];
                heap.Offer(accumulator[d], keys[d]);
                accumulator[d] = 0;
            }
        }
        finally
        {
            ReturnAccumulator(scratch);
        }
    }

    private Accumulator RentAccumulator(int size)
    {
        lock (_accumulators)
        {
            while (_accumulators.Count > 0)
            {
                Accumulator pooled = _accumulators.Pop();
                if (pooled.Scores.Length >= size)
                {
                    return pooled;
                }
            }
        }

        return new Accumulator(size);
    }

    private void ReturnAccumulator(Accumulator accumulator)
    {
        lock (_accumulators)
        {
            if (_accumulators.Count < Environment.ProcessorCount)
            {
                _accumulators.Push(accumulator);
            }
        }
    }

    /// <summary>A score per ordinal (all zero between uses) and the ordinals one search touched.</summary>
    private sealed class Accumulator(int size)
    {
        public double[] Scores { get; } = new double[size];

        public int[] Touched { get; } = new int[size];
    }

    /// <summary>
    /// Block-max MaxScore over one segment. Terms sorted by upper bound split into non-essential ones (whose bounds
    /// together stay below the K-th score) and essential ones, whose postings alone supply candidates. A candidate stops
    /// being scored once its partial score plus what the remaining terms can add cannot reach the K-th score, each
    /// non-essential term bounded by the block that may hold the candidate (read from the block header, undecoded), so
    /// most non-essential blocks are never decoded, and a decoded block's frequencies are read only on a match. (Skipping
    /// whole windows of essential blocks was tried and never fired on the bench corpus, so it is not done.)
    /// </summary>
    private static void SearchSegmentPruned(SegmentState state, QueryContext context, Bm25TopK heap, CancellationToken cancellationToken)
    {
        int m = context.Count;
        double k1 = context.K1;
        LexicalSegment segment = state.Segment;

        ReadOnlySpan<long> keys = segment.Keys;
        SegmentPostingsCursor[] cursors = context.Cursors;
        double[] weights = context.Weights;
        int[] termIndex = context.TermIndexes;

        // Term bounds, ascending; below[j] bounds the terms order[0..j] together.
        double[] bounds = context.Bounds;
        int[] order = context.Order;
        for (int i = 0; i < m; i++)
        {
            SegmentPostingsCursor cursor = context.Cursor(i, segment);
            double frequency = context.Entries[i].BoundsAt >= 0
                ? EvaluateTermBound(segment, context.Entries[i].BoundsAt, context.Norms)
                : cursor.BlockBound;
            bounds[i] = Contribution(weights[i], frequency, k1) * (1 + BoundSlack);
            order[i] = i;
            cursor.NextDoc();
        }

        Array.Sort(bounds, order, 0, m);
        double[] below = context.Below;
        double running = 0;
        for (int j = 0; j < m; j++)
        {
            running += bounds[j];
            below[j] = running * (1 + BoundSlack);
        }

        double[] contributions = context.Contributions;
        double threshold = heap.IsFull ? heap.WorstScore : double.NegativeInfinity;
        int firstEssential = 0;
        while (firstEssential < m && below[firstEssential] < threshold)
        {
            firstEssential++;
        }

        int candidates = 0;
        while (firstEssential < m)
        {
            // The next candidate: the lowest ordinal among the essential terms' cursors.
            int d = SegmentPostingsCursor.End;
            for (int j = firstEssential; j < m; j++)
            {
                int doc = cursors[order[j]].Doc;
                if (doc < d)
                {
                    d = doc;
                }
            }

            if (d == SegmentPostingsCursor.End)
            {
                break;
            }

            if ((++candidates & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            Array.Clear(contributions, 0, m);
            bool touched = false;
            double partial = 0;
            bool deleted = state.IsDeleted(d);
            for (int j = firstEssential; j < m; j++)
            {
                int t = order[j];
                SegmentPostingsCursor cursor = cursors[t];
                if (cursor.Doc == d)
                {
                    if (!deleted)
                    {
                        double weighted = WeightedFrequency(state, cursor.Tf, d);
                        if (weighted > 0)
                        {
                            double contribution = weights[t] * weighted / (k1 + weighted);
                            contributions[t] = contribution;
                            partial += contribution;
                            touched = true;
                        }
                    }

                    cursor.NextDoc();
                }
            }

            if (deleted)
            {
                continue;
            }

            // Non-essential terms, largest bound first, while the document can still reach the K-th score.
            bool pruned = false;
            for (int j = firstEssential - 1; j >= 0; j--)
            {
                if ((partial + below[j]) * (1 + BoundSlack) < threshold)
                {
                    pruned = true;
                    break;
                }

                int t = order[j];
                SegmentPostingsCursor cursor = cursors[t];
                if (!cursor.ShallowAdvance(d))
                {
                    continue;
                }

                // The block that may hold the document bounds this term more tightly than the term's own bound.
                if ((partial + cursor.BlockScore + (j > 0 ? below[j - 1] : 0)) * (1 + BoundSlack) < threshold)
                {
                    pruned = true;
                    break;
                }

                if (cursor.Advance(d) == d)
                {
                    double weighted = WeightedFrequency(state, cursor.Tf, d);
                    if (weighted > 0)
                    {
                        double contribution = weights[t] * weighted / (k1 + weighted);
                        contributions[t] = contribution;
                        partial += contribution;
                        touched = true;
                    }
                }
            }

            if (pruned || !touched)
            {
                continue;
            }

            // Query order, as the exhaustive path adds them; a term absent from the document adds 0.
            // Local terms are in query order; a term absent from the document adds 0.
            double score = 0;
            for (int t = 0; t < m; t++)
            {
                score += contributions[t];
            }

            heap.Offer(score, keys[d]);
            if (heap.IsFull && heap.WorstScore > threshold)
            {
                threshold = heap.WorstScore;
                while (firstEssential < m && below[firstEssential] < threshold)
                {
                    firstEssential++;
                }
            }
        }
    }

    private static double EvaluateTermBound(LexicalSegment segment, int at, in FieldNorms norms) =>
        ScoreBound.Evaluate(segment.Dictionary, ref at, norms);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Contribution(double weight, double frequency, double k1) =>
        frequency > 0 ? weight * (frequency / (k1 + frequency)) : 0;

    /// <summary>The buffer, term by term with collection-wide weights and norms, into the heap.</summary>
    private void SearchBuffer(Bm25Index buffer, List<(string Term, double Weight)> terms, double[] weights, FieldNorms norms, Bm25TopK heap, CancellationToken cancellationToken)
    {
        int count = buffer.OrdinalCount;
        if (count == 0 || buffer.Count == 0)
        {
            return;
        }

        double[]? titleNorms = null;
        double[]? headingNorms = null;
        double[]? bodyNorms = null;
        double[] accumulator = new double[count];
        var touched = new List<int>();
        double k1 = _options.K1;
        for (int t = 0; t < terms.Count; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlySpan<Bm25Posting> postings = buffer.TermPostings(terms[t].Term);
            if (weights[t] <= 0 || postings.IsEmpty)
            {
                continue;
            }

            if (bodyNorms is null)
            {
                bodyNorms = new double[count];
                titleNorms = new double[count];
                headingNorms = new double[count];
                norms.Fill(bodyNorms, buffer.OrdinalBodyLengths, norms.BodyWeight, norms.BodyScale);
                norms.Fill(titleNorms, buffer.OrdinalTitleLengths, norms.TitleWeight, norms.TitleScale);
                norms.Fill(headingNorms, buffer.OrdinalHeadingLengths, norms.HeadingsWeight, norms.HeadingsScale);
            }

            foreach (Bm25Posting posting in postings)
            {
                int d = posting.Doc;
                if (!buffer.IsLive(d))
                {
                    continue;
                }

                uint tf = posting.Tf;
                double weighted = (tf >> Bm25Posting.BodyShift) * bodyNorms[d];
                if ((tf & 0xFFFF) != 0)
                {
                    weighted += ((tf & Bm25Posting.SmallMask) * titleNorms![d])
                        + (((tf >> Bm25Posting.HeadingsShift) & Bm25Posting.SmallMask) * headingNorms![d]);
                }

                if (weighted <= 0)
                {
                    continue;
                }

                if (accumulator[d] == 0)
                {
                    touched.Add(d);
                }

                accumulator[d] += weights[t] * weighted / (k1 + weighted);
            }
        }

        ReadOnlySpan<long> keys = buffer.OrdinalKeys;
        foreach (int d in touched)
        {
            heap.Offer(accumulator[d], keys[d]);
        }
    }
}
