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

    // Per filter (one per caller scope and store version, see ChunkAccessFilters): the accepted chunks' count and field
    // lengths, valid while no write has happened since; saves a pass over every live chunk on each search.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Func<long, bool>, FilteredFigures> _filteredFigures = [];
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
        return SearchTerms(AnalyzeQuery(query), top, SegmentSearchStrategy.Pruned, options?.Statistics, options?.Filter, cancellationToken);
    }

    /// <inheritdoc />
    public IReadOnlyList<ScoredKey> Search(IReadOnlyList<WeightedTerm> terms, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        int top = TopOf(options);
        cancellationToken.ThrowIfCancellationRequested();
        return SearchTerms(Bm25Index.WeightedTerms(terms), top, SegmentSearchStrategy.Pruned, options?.Statistics, options?.Filter, cancellationToken);
    }

    /// <inheritdoc />
    public LexicalStatistics GetStatistics(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        _gate.EnterReadLock();
        try
        {
            Bm25Index buffer = _buffer;
            SegmentState[] segments = _segments;
            var frequencies = new Dictionary<string, long>(terms.Count, StringComparer.Ordinal);
            foreach (string term in terms)
            {
                if (!frequencies.ContainsKey(term))
                {
                    frequencies[term] = LocalFrequency(segments, buffer, term, entries: null, 0);
                }
            }

            return new LexicalStatistics(
                _segmentLive + buffer.Count, _segmentTitleTotal + buffer.TitleTotal, _segmentHeadingsTotal + buffer.HeadingsTotal, _segmentBodyTotal + buffer.BodyTotal, frequencies);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Searches with a chosen scoring path (for tests).</summary>
    internal IReadOnlyList<ScoredKey> Search(string query, int top, SegmentSearchStrategy strategy) =>
        SearchTerms(AnalyzeQuery(query), top, strategy, statistics: null, filter: null, CancellationToken.None);

    private static int TopOf(LexicalSearchOptions? options) => Bm25Index.TopOf(options);

    private static double Idf(int n, int df) => Bm25Index.Idf(n, df);

    private List<(string Term, double Weight)> AnalyzeQuery(string query) => Bm25Index.QueryTerms(_analyzer, query, _candidateLanguages);

    private IReadOnlyList<ScoredKey> SearchTerms(
        List<(string Term, double Weight)> terms, int top, SegmentSearchStrategy strategy, LexicalStatistics? statistics, Func<long, bool>? filter, CancellationToken cancellationToken)
    {
        if (terms.Count == 0)
        {
            return [];
        }

        _gate.EnterReadLock();
        try
        {
            // Left-out chunks count in no figure either: the accepted chunks are scored as if they were the whole index.
            statistics ??= filter is null ? null : FilteredStatistics(terms, filter, cancellationToken);
            return SearchCore(terms, top, strategy, statistics, filter, cancellationToken);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    // Caller holds the read lock.
    private List<ScoredKey> SearchCore(
        List<(string Term, double Weight)> terms, int top, SegmentSearchStrategy strategy, LexicalStatistics? statistics, Func<long, bool>? filter, CancellationToken cancellationToken)
    {
        Bm25Index buffer = _buffer;
        int local = _segmentLive + buffer.Count;
        if (local == 0)
        {
            return [];
        }

        // The index's own figures, or a whole collection's when this index is one of its shards.
        int n = statistics is null ? local : (int)statistics.DocumentCount;
        if (n == 0)
        {
            return [];
        }

        FieldNorms norms = statistics is null
            ? FieldNorms.For(
                _options.B, _options.TitleWeight, _options.HeadingsWeight, _options.BodyWeight, n, _segmentTitleTotal + buffer.TitleTotal, _segmentHeadingsTotal + buffer.HeadingsTotal, _segmentBodyTotal + buffer.BodyTotal)
            : FieldNorms.For(
                _options.B, _options.TitleWeight, _options.HeadingsWeight, _options.BodyWeight, n, statistics.TitleLength, statistics.HeadingsLength, statistics.BodyLength);
        SegmentState[] segments = _segments;
        SegmentNorms[] segmentNorms = EnsureNorms(segments, norms);

        // Resolve every term in every segment and in the buffer; the document frequency counts live postings everywhere.
        int m = terms.Count;
        var entries = new LexicalSegment.TermEntry?[segments.Length, m];
        var weights = new double[m];
        bool any = false;
        for (int t = 0; t < m; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int df = LocalFrequency(segments, buffer, terms[t].Term, entries, t);
            long collectionDf = df > 0 && statistics is not null ? CollectionFrequency(statistics, terms[t].Term) : df;
            if (df > 0 && collectionDf > 0)
            {
                weights[t] = terms[t].Weight * Idf(n, (int)collectionDf) * (_options.K1 + 1);
                any = true;
            }
        }

        if (!any)
        {
            return [];
        }

        var heap = new Bm25TopK(Math.Min(top, n), filter);
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
                SearchSegmentExhaustive(segments[s], segmentNorms[s], context, heap, cancellationToken);
            }
            else
            {
                SearchSegmentPruned(segments[s], segmentNorms[s], context, heap, cancellationToken);
            }
        }

        SearchBuffer(buffer, terms, weights, norms, heap, cancellationToken);
        return heap.ToSortedList();
    }

    /// <summary>
    /// The live chunks of this index holding <paramref name="term"/>, over every segment and the buffer; records the term's
    /// entry in each segment at column <paramref name="column"/> of <paramref name="entries"/> when given.
    /// </summary>
    private static int LocalFrequency(SegmentState[] segments, Bm25Index buffer, string term, LexicalSegment.TermEntry?[,]? entries, int column)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(term);
        int df = 0;
        for (int s = 0; s < segments.Length; s++)
        {
            if (segments[s].Segment.TryFindTerm(utf8, out var entry))
            {
                if (entries is not null)
                {
                    entries[s, column] = entry;
                }

                df += segments[s].LiveDocFrequency(entry, CountLive);
            }
        }

        return df + CountLive(buffer, buffer.TermPostings(term));
    }

    /// <summary>
    /// The figures of the chunks <paramref name="filter"/> accepts alone: their count, field length totals and each term's
    /// frequency among them: the count and lengths from one pass over the live chunks, kept per filter until the next write,
    /// and the frequencies from the query terms' postings (the caller holds the read lock).
    /// </summary>
    private LexicalStatistics FilteredStatistics(List<(string Term, double Weight)> terms, Func<long, bool> filter, CancellationToken cancellationToken)
    {
        SegmentState[] segments = _segments;
        Bm25Index buffer = _buffer;
        ReadOnlySpan<long> bufferKeys = buffer.OrdinalKeys;
        long writes = Volatile.Read(ref _writes);
        if (!_filteredFigures.TryGetValue(filter, out var figures) || figures.Writes != writes)
        {
            figures = CountFiltered(segments, buffer, filter, writes, cancellationToken);
            _filteredFigures.AddOrUpdate(filter, figures);
        }

        var frequencies = new Dictionary<string, long>(terms.Count, StringComparer.Ordinal);
        foreach (var (term, _) in terms)
        {
            if (frequencies.ContainsKey(term))
            {
                continue;
            }

            byte[] utf8 = Encoding.UTF8.GetBytes(term);
            long df = 0;
            foreach (SegmentState state in segments)
            {
                if (state.Segment.TryFindTerm(utf8, out var entry))
                {
                    var cursor = new SegmentPostingsCursor();
                    cursor.Reset(state.Segment, entry.PostingsStart, entry.DocFrequency, default);
                    ReadOnlySpan<long> keys = state.Segment.Keys;
                    for (int d = cursor.NextDoc(); d != SegmentPostingsCursor.End; d = cursor.NextDoc())
                    {
                        if (!state.IsDeleted(d) && filter(keys[d]))
                        {
                            df++;
                        }
                    }
                }
            }

            foreach (Bm25Posting posting in buffer.TermPostings(term))
            {
                if (buffer.IsLive(posting.Doc) && filter(bufferKeys[posting.Doc]))
                {
                    df++;
                }
            }

            frequencies[term] = df;
        }

        return new LexicalStatistics(figures.Count, figures.Title, figures.Headings, figures.Body, frequencies);
    }

    /// <summary>The accepted live chunks' count and field length totals (the caller holds the read lock).</summary>
    private static FilteredFigures CountFiltered(SegmentState[] segments, Bm25Index buffer, Func<long, bool> filter, long writes, CancellationToken cancellationToken)
    {
        long count = 0, title = 0, headings = 0, body = 0;
        foreach (SegmentState state in segments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LexicalSegment segment = state.Segment;
            ReadOnlySpan<long> keys = segment.Keys;
            ReadOnlySpan<int> titles = segment.TitleLengths, headingLengths = segment.HeadingLengths, bodies = segment.BodyLengths;
            for (int d = 0; d < keys.Length; d++)
            {
                if (!state.IsDeleted(d) && filter(keys[d]))
                {
                    count++;
                    title += titles[d];
                    headings += headingLengths[d];
                    body += bodies[d];
                }
            }
        }

        ReadOnlySpan<long> bufferKeys = buffer.OrdinalKeys;
        for (int d = 0; d < bufferKeys.Length; d++)
        {
            if (buffer.IsLive(d) && filter(bufferKeys[d]))
            {
                count++;
                title += buffer.OrdinalTitleLengths[d];
                headings += buffer.OrdinalHeadingLengths[d];
                body += buffer.OrdinalBodyLengths[d];
            }
        }

        return new FilteredFigures(writes, count, title, headings, body);
    }

    /// <summary>What <see cref="CountFiltered"/> found, and after how many writes.</summary>
    private sealed record FilteredFigures(long Writes, long Count, long Title, long Headings, long Body);

    private static long CollectionFrequency(LexicalStatistics statistics, string term) =>
        statistics.DocumentFrequencies.TryGetValue(term, out long df)
            ? df
            : throw new ArgumentException($"The collection statistics do not count the query term \"{term}\"; collect them for the same terms the search uses.", nameof(statistics));

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

    /// <summary>
    /// Each segment's norms under <paramref name="norms"/>: the ones it has when they were computed under the same statistics,
    /// else new ones (made once; concurrent searches with the same statistics wait for them).
    /// </summary>
    private SegmentNorms[] EnsureNorms(SegmentState[] segments, FieldNorms norms)
    {
        var result = new SegmentNorms[segments.Length];
        for (int s = 0; s < segments.Length; s++)
        {
            SegmentState state = segments[s];
            if (state.NormsFor(norms) is { } current)
            {
                result[s] = current;
                continue;
            }

            lock (_normsLock)
            {
                if (state.NormsFor(norms) is not { } again)
                {
                    again = SegmentNorms.Compute(state.Segment, norms);
                    state.KeepNorms(again);
                }

                result[s] = again;
            }
        }

        return result;
    }

    /// <summary>The field-weighted, length-normalised frequency of one posting, exactly as <see cref="Bm25Index"/> computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double WeightedFrequency(SegmentNorms norms, uint tf, int d)
    {
        double weighted = (tf >> Bm25Posting.BodyShift) * norms.Body[d];
        if ((tf & 0xFFFF) != 0)
        {
            weighted += ((tf & Bm25Posting.SmallMask) * norms.Title![d])
                + (((tf >> Bm25Posting.HeadingsShift) & Bm25Posting.SmallMask) * norms.Headings![d]);
        }

        return weighted;
    }

    /// <summary>
    /// Every posting of every term, accumulated term by term into a pooled per-chunk array (as <see cref="Bm25Index"/>'s
    /// exhaustive path does): the reference the pruned path must equal, and the faster path when the terms have few postings.
    /// </summary>
    private void SearchSegmentExhaustive(SegmentState state, SegmentNorms norms, QueryContext context, Bm25TopK heap, CancellationToken cancellationToken)
    {
        Accumulator scratch = RentAccumulator(state.Segment.DocCount);
        try
        {
            double[] accumulator = scratch.Scores;
            int[] touched = scratch.Touched;
            int touchedCount = 0;
            double k1 = context.K1;
            double[] bodyNorms = norms.Body;
            double[]? titleNorms = norms.Title;
            double[]? headingNorms = norms.Headings;
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
    private static void SearchSegmentPruned(SegmentState state, SegmentNorms norms, QueryContext context, Bm25TopK heap, CancellationToken cancellationToken)
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
                        double weighted = WeightedFrequency(norms, cursor.Tf, d);
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
                    double weighted = WeightedFrequency(norms, cursor.Tf, d);
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
