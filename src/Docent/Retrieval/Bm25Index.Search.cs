namespace Docent.Retrieval;

/// <summary>The query path: per-field norm cache, pooled accumulators, score-at-a-time accumulation, top-K.</summary>
public sealed partial class Bm25Index
{
    private readonly Lock normsLock = new();
    private readonly Stack<SearchScratch> scratchPool = new();
    private bool normsValid;
    private double[] titleNorms = [];
    private double[] headingNorms = [];
    private double[] bodyNorms = [];

    /// <inheritdoc />
    public IReadOnlyList<ScoredKey> Search(string query, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        int top = TopOf(options);
        cancellationToken.ThrowIfCancellationRequested();

        List<(string Term, double Weight)> terms = AnalyzeQuery(query);
        return SearchTerms(terms, top, cancellationToken);
    }

    /// <inheritdoc />
    public IReadOnlyList<ScoredKey> Search(IReadOnlyList<WeightedTerm> terms, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        int top = TopOf(options);
        cancellationToken.ThrowIfCancellationRequested();
        return SearchTerms(terms.Where(t => t.Weight > 0).Select(t => (t.Term, t.Weight)).ToList(), top, cancellationToken);
    }

    private static int TopOf(LexicalSearchOptions? options)
    {
        if (options is null)
        {
            return new LexicalSearchOptions().Top;
        }

        options.Validate();
        return options.Top;
    }

    private IReadOnlyList<ScoredKey> SearchTerms(List<(string Term, double Weight)> terms, int top, CancellationToken cancellationToken)
    {
        if (terms.Count == 0)
        {
            return [];
        }

        gate.EnterReadLock();
        try
        {
            return SearchCore(terms, top, cancellationToken);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>The distinct query terms in order of first appearance, each with how often it occurs.</summary>
    private List<(string Term, double Weight)> AnalyzeQuery(string query)
    {
        var tokens = analyzer.Analyze(query);
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

    private static double Idf(int n, int df) => Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));

    // Caller holds the read lock.
    private IReadOnlyList<ScoredKey> SearchCore(List<(string Term, double Weight)> terms, int top, CancellationToken cancellationToken)
    {
        int n = liveCount;
        if (n == 0)
        {
            return [];
        }

        EnsureNorms();
        SearchScratch scratch = RentScratch();
        try
        {
            foreach ((string term, double queryFrequency) in terms)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!termIds.TryGetValue(term, out int id))
                {
                    continue;
                }

                ReadOnlySpan<Bm25Posting> list = postings[id].AsSpan(0, postingCounts[id]);
                int df = deadCount == 0 ? list.Length : CountLive(list);
                if (df == 0)
                {
                    continue;
                }

                double weight = queryFrequency * Idf(n, df) * (options.K1 + 1);
                Accumulate(list, weight, scratch, deadCount == 0 ? null : deadBits);
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
        double k1 = options.K1;
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
        double weighted = (tf >> Bm25Posting.BodyShift) * bodyNorms[d];
        if ((tf & 0xFFFF) != 0)
        {
            weighted += ((tf & Bm25Posting.SmallMask) * titleNorms[d])
                + (((tf >> Bm25Posting.HeadingsShift) & Bm25Posting.SmallMask) * headingNorms[d]);
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
            heap.Offer(accumulator[d], keys[d]);
        }

        return heap.ToSortedList();
    }

    // Writers call this under the write lock, so no search is reading the norms.
    private void InvalidateNorms() => Volatile.Write(ref normsValid, false);

    /// <summary>
    /// Recomputes <c>w_f / (1 − b + b · len / avglen)</c> per field and ordinal after a write; the first search
    /// after a write pays for it once, concurrent searches wait for it.
    /// </summary>
    private void EnsureNorms()
    {
        if (Volatile.Read(ref normsValid))
        {
            return;
        }

        lock (normsLock)
        {
            if (normsValid)
            {
                return;
            }

            if (bodyNorms.Length < docCount)
            {
                titleNorms = new double[keys.Length];
                headingNorms = new double[keys.Length];
                bodyNorms = new double[keys.Length];
            }

            FillNorms(titleNorms, titleLengths, titleTotal, options.TitleWeight);
            FillNorms(headingNorms, headingLengths, headingsTotal, options.HeadingsWeight);
            FillNorms(bodyNorms, bodyLengths, bodyTotal, options.BodyWeight);
            Volatile.Write(ref normsValid, true);
        }
    }

    private void FillNorms(double[] norms, int[] lengths, long total, double fieldWeight)
    {
        double b = options.B;
        double scale = total > 0 ? b * liveCount / total : 0;
        for (int d = 0; d < docCount; d++)
        {
            // The denominator is 0 only when b = 1 and the field is empty, where no term can occur in it.
            double denominator = 1 - b + (lengths[d] * scale);
            norms[d] = denominator > 0 ? fieldWeight / denominator : 0;
        }
    }

    private SearchScratch RentScratch()
    {
        lock (scratchPool)
        {
            while (scratchPool.Count > 0)
            {
                SearchScratch pooled = scratchPool.Pop();
                if (pooled.Accumulator.Length >= docCount)
                {
                    return pooled;
                }
            }
        }

        return new SearchScratch(keys.Length);
    }

    private void ReturnScratch(SearchScratch scratch)
    {
        double[] accumulator = scratch.Accumulator;
        foreach (int d in scratch.Touched.AsSpan(0, scratch.TouchedCount))
        {
            accumulator[d] = 0;
        }

        scratch.TouchedCount = 0;
        lock (scratchPool)
        {
            if (scratchPool.Count < Environment.ProcessorCount)
            {
                scratchPool.Push(scratch);
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
