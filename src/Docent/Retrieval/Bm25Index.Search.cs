using Docent.Retrieval.Segments;
using Docent.Text;
namespace Docent.Retrieval;

/// <summary>The query path: per-field norm cache, query terms, exhaustive term-at-a-time accumulation into pooled arrays, top-K.</summary>
public sealed partial class Bm25Index
{
    private readonly Lock _normsLock = new();
    private readonly Stack<SearchScratch> _scratchPool = new();
    private bool _normsValid;
    private double[] _titleNorms = [];
    private double[] _headingNorms = [];
    private double[] _bodyNorms = [];

    /// <inheritdoc />
    public IReadOnlyList<ScoredKey> Search(string query, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        int top = TopOf(options);
        RejectOutsideStatistics(options);
        cancellationToken.ThrowIfCancellationRequested();

        List<(string Term, double Weight)> terms = AnalyzeQuery(query);
        return SearchTerms(terms, top, SearchStrategy.Auto, cancellationToken);
    }

    /// <inheritdoc />
    public IReadOnlyList<ScoredKey> Search(IReadOnlyList<WeightedTerm> terms, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        int top = TopOf(options);
        RejectOutsideStatistics(options);
        cancellationToken.ThrowIfCancellationRequested();
        return SearchTerms(WeightedTerms(terms), top, SearchStrategy.Auto, cancellationToken);
    }

    /// <summary>Searches with a chosen scoring path (tests compare the pruned path with the exhaustive one).</summary>
    internal IReadOnlyList<ScoredKey> Search(string query, int top, SearchStrategy strategy) =>
        SearchTerms(AnalyzeQuery(query), top, strategy, CancellationToken.None);

    /// <summary>Searches weighted terms with a chosen scoring path (for tests).</summary>
    internal IReadOnlyList<ScoredKey> Search(IReadOnlyList<WeightedTerm> terms, int top, SearchStrategy strategy) =>
        SearchTerms(WeightedTerms(terms), top, strategy, CancellationToken.None);

    /// <summary>The weighted terms with a positive weight, in order (shared with <see cref="SegmentedLexicalIndex"/>).</summary>
    internal static List<(string Term, double Weight)> WeightedTerms(IReadOnlyList<WeightedTerm> terms) =>
        terms.Where(t => t.Weight > 0).Select(t => (t.Term, t.Weight)).ToList();

    /// <summary>The validated number of results asked for (shared with <see cref="SegmentedLexicalIndex"/>).</summary>
    internal static int TopOf(LexicalSearchOptions? options)
    {
        if (options is null)
        {
            return new LexicalSearchOptions().Top;
        }

        options.Validate();
        return options.Top;
    }

    /// <summary>
    /// This index scores every chunk with its own statistics only; a shard of a larger collection, or a search limited to
    /// the chunks a caller may read, is a <see cref="SegmentedLexicalIndex"/>'s.
    /// </summary>
    private static void RejectOutsideStatistics(LexicalSearchOptions? options)
    {
        if (options?.Statistics is not null)
        {
            throw new NotSupportedException($"{nameof(Bm25Index)} scores with its own statistics; search a {nameof(SegmentedLexicalIndex)} to score with a collection's.");
        }

        if (options?.Filter is not null)
        {
            throw new NotSupportedException($"{nameof(Bm25Index)} searches every chunk; search a {nameof(SegmentedLexicalIndex)} to leave some out.");
        }
    }

    private IReadOnlyList<ScoredKey> SearchTerms(List<(string Term, double Weight)> terms, int top, SearchStrategy strategy, CancellationToken cancellationToken)
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

    private List<(string Term, double Weight)> AnalyzeQuery(string query) => QueryTerms(_analyzer, query, _candidateLanguages);

    /// <summary>
    /// The distinct query terms in order of first appearance, each with how often it occurs. The query's language is
    /// identified among the collection's (<paramref name="candidateLanguages"/>), so a short query takes the collection's
    /// language. Shared with <see cref="SegmentedLexicalIndex"/>, whose scores must equal this index's.
    /// </summary>
    internal static List<(string Term, double Weight)> QueryTerms(ITextAnalyzer analyzer, string query, IReadOnlyList<string> candidateLanguages)
    {
        var tokens = analyzer.Analyze(query, new TextAnalysisOptions { CandidateLanguages = candidateLanguages });
        var terms = new List<(string Term, double Weight)>(tokens.Count);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            if (positions.TryGetValue(token.Term, out int at))
            {
                terms[at] = (token.Term, terms[at].Weight + 1);
            }
            else
            {
                positions[token.Term] = terms.Count;
                terms.Add((token.Term, 1));
            }
        }

        return terms;
    }

    /// <summary>Lucene's always-positive idf (shared with <see cref="SegmentedLexicalIndex"/>).</summary>
    internal static double Idf(int n, int df) => Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));

    // Caller holds the read lock.
    private IReadOnlyList<ScoredKey> SearchCore(List<(string Term, double Weight)> terms, int top, SearchStrategy strategy, CancellationToken cancellationToken)
    {
        int n = _liveCount;
        if (n == 0)
        {
            return [];
        }

        EnsureNorms();
        List<QueryTerm> resolved = ResolveTerms(terms, n, cancellationToken);
        if (resolved.Count == 0)
        {
            return [];
        }

        bool maxScore = strategy switch
        {
            SearchStrategy.Exhaustive => false,
            SearchStrategy.MaxScore => true,
            _ => PrefersMaxScore(resolved, top),
        };
        return maxScore ? SearchMaxScore(resolved, top, cancellationToken) : SearchExhaustive(resolved, top, cancellationToken);
    }

    /// <summary>The query terms that have live postings, in query order, each with its BM25 weight <c>qtf · idf · (k1 + 1)</c>.</summary>
    private List<QueryTerm> ResolveTerms(List<(string Term, double Weight)> terms, int n, CancellationToken cancellationToken)
    {
        var resolved = new List<QueryTerm>(terms.Count);
        foreach ((string term, double queryFrequency) in terms)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_termIds.TryGetValue(term, out int id))
            {
                continue;
            }

            ReadOnlySpan<Bm25Posting> list = _postings[id].AsSpan(0, _postingCounts[id]);
            int df = _deadCount == 0 ? list.Length : CountLive(list);
            if (df == 0)
            {
                continue;
            }

            resolved.Add(new QueryTerm(id, queryFrequency * Idf(n, df) * (_options.K1 + 1)));
        }

        return resolved;
    }

    /// <summary>Term-at-a-time scoring of every posting of every term: the reference the pruned path must equal.</summary>
    private List<ScoredKey> SearchExhaustive(List<QueryTerm> terms, int top, CancellationToken cancellationToken)
    {
        SearchScratch scratch = RentScratch();
        try
        {
            foreach (QueryTerm term in terms)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlySpan<Bm25Posting> list = _postings[term.Id].AsSpan(0, _postingCounts[term.Id]);
                Accumulate(list, term.Weight, scratch, _deadCount == 0 ? null : _deadBits);
            }

            return TopK(scratch, top);
        }
        finally
        {
            ReturnScratch(scratch);
        }
    }

    private int CountLive(ReadOnlySpan<Bm25Posting> list)
    {
        int live = 0;
        foreach (Bm25Posting posting in list)
        {
            if (!IsDead(posting.Doc))
            {
                live++;
            }
        }

        return live;
    }

    /// <summary>
    /// Adds one term's BM25F contributions to the accumulators. <paramref name="dead"/> is the tombstone bitmap
    /// when the index has deletions (skipped postings), or null; the check is a predictable branch.
    /// </summary>
    private void Accumulate(ReadOnlySpan<Bm25Posting> list, double weight, SearchScratch scratch, ulong[]? dead)
    {
        double k1 = _options.K1;
        double[] accumulator = scratch.Accumulator;
        int[] touched = scratch.Touched;
        int touchedCount = scratch.TouchedCount;
        foreach (Bm25Posting posting in list)
        {
            int d = posting.Doc;
            if (dead is not null && (dead[d >> 6] & (1UL << d)) != 0)
            {
                continue;
            }

            double weighted = WeightedFrequency(posting.Tf, d);
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

        scratch.TouchedCount = touchedCount;
    }

    /// <summary>The field-weighted, length-normalised term frequency of one posting (BM25F's pseudo-frequency).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private double WeightedFrequency(uint tf, int d)
    {
        double weighted = (tf >> Bm25Posting.BodyShift) * _bodyNorms[d];
        if ((tf & 0xFFFF) != 0)
        {
            weighted += ((tf & Bm25Posting.SmallMask) * _titleNorms[d])
                + (((tf >> Bm25Posting.HeadingsShift) & Bm25Posting.SmallMask) * _headingNorms[d]);
        }

        return weighted;
    }

    private List<ScoredKey> TopK(SearchScratch scratch, int top)
    {
        var heap = new Bm25TopK(Math.Min(top, scratch.TouchedCount));
        double[] accumulator = scratch.Accumulator;
        ReadOnlySpan<int> touched = scratch.Touched.AsSpan(0, scratch.TouchedCount);
        foreach (int d in touched)
        {
            heap.Offer(accumulator[d], _keys[d]);
        }

        return heap.ToSortedList();
    }

    // Writers call this under the write lock, so no search is reading the norms.
    private void InvalidateNorms() => Volatile.Write(ref _normsValid, false);

    /// <summary>
    /// Recomputes <c>w_f / (1 − b + b · len / avglen)</c> per field and ordinal after a write; the first search
    /// after a write pays for it once, concurrent searches wait for it.
    /// </summary>
    private void EnsureNorms()
    {
        if (Volatile.Read(ref _normsValid))
        {
            return;
        }

        lock (_normsLock)
        {
            if (_normsValid)
            {
                return;
            }

            if (_bodyNorms.Length < _docCount)
            {
                _titleNorms = new double[_keys.Length];
                _headingNorms = new double[_keys.Length];
                _bodyNorms = new double[_keys.Length];
            }

            FillNorms(_titleNorms, _titleLengths, _titleTotal, _options.TitleWeight);
            FillNorms(_headingNorms, _headingLengths, _headingsTotal, _options.HeadingsWeight);
            FillNorms(_bodyNorms, _bodyLengths, _bodyTotal, _options.BodyWeight);
            ForgetTermBounds();
            Volatile.Write(ref _normsValid, true);
        }
    }

    private void FillNorms(double[] norms, int[] lengths, long total, double fieldWeight)
    {
        double b = _options.B;
        double scale = total > 0 ? b * _liveCount / total : 0;
        for (int d = 0; d < _docCount; d++)
        {
            // The denominator is 0 only when b = 1 and the field is empty, where no term can occur in it.
            double denominator = 1 - b + (lengths[d] * scale);
            norms[d] = denominator > 0 ? fieldWeight / denominator : 0;
        }
    }

    private SearchScratch RentScratch()
    {
        lock (_scratchPool)
        {
            while (_scratchPool.Count > 0)
            {
                SearchScratch pooled = _scratchPool.Pop();
                if (pooled.Accumulator.Length >= _docCount)
                {
                    return pooled;
                }
            }
        }

        return new SearchScratch(_keys.Length);
    }

    private void ReturnScratch(SearchScratch scratch)
    {
        double[] accumulator = scratch.Accumulator;
        foreach (int d in scratch.Touched.AsSpan(0, scratch.TouchedCount))
        {
            accumulator[d] = 0;
        }

        scratch.TouchedCount = 0;
        lock (_scratchPool)
        {
            if (_scratchPool.Count < Environment.ProcessorCount)
            {
                _scratchPool.Push(scratch);
            }
        }
    }

    /// <summary>Per-search working memory: a score per ordinal (kept all zero between uses) and the ordinals touched.</summary>
    private sealed class SearchScratch(int capacity)
    {
        public double[] Accumulator { get; } = new double[capacity];

        public int[] Touched { get; } = new int[capacity];

        public int TouchedCount { get; set; }
    }
}
