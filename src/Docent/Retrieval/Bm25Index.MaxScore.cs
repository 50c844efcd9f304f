using Docent.Retrieval.Segments;
namespace Docent.Retrieval;

/// <summary>
/// The pruned query path: MaxScore (Turtle &amp; Flood 1995, "Query evaluation: strategies and optimizations")
/// document-at-a-time top-K over the ordinal-sorted postings, returning exactly what exhaustive scoring returns.
/// <para>
/// Each term has an upper bound on its contribution, <c>weight · m / (k1 + m)</c> where <c>m</c> is the largest
/// BM25F pseudo-frequency among its postings (cached per term, forgotten when the norms are recomputed). Terms
/// sorted by bound split into "non-essential" ones, whose bounds together cannot reach the current K-th score, and
/// essential ones: only documents in essential postings are candidates, and a candidate stops being scored as
/// soon as its partial score plus the bounds still unscored cannot reach the K-th score. A fully scored document
/// adds its contributions in query-term order, as the exhaustive path does, so scores are bit-for-bit the same;
/// bounds carry a small relative slack so rounding can never prune a document that would have entered, and a
/// document whose bound ties the K-th score is still scored (it may win the tie on a lower key).
/// </para>
/// Thread-safety: runs under the read lock; the per-term bound cache is filled lazily by concurrent searches, which
/// all compute the same value.
/// </summary>
public sealed partial class Bm25Index
{
    /// <summary>Relative slack on every bound comparison; far above the rounding error of a sum of a few doubles.</summary>
    private const double BoundSlack = 1e-9;

    /// <summary>
    /// The largest K the automatic choice sends to MaxScore. On a synthetic 100k-chunk Zipf corpus MaxScore was
    /// 1.75× faster at K = 5, 1.2× at K = 10 and 20, and slower from K ≈ 50 (the K-th score rises too slowly to
    /// skip enough postings to pay for document-at-a-time merging).
    /// </summary>
    private const int MaxScoreLargestTop = 32;

    // Per term id: the largest pseudo-frequency among its postings, valid when its generation equals _boundsGeneration.
    private double[] _termMaxFrequency = [];
    private int[] _termMaxGeneration = [];
    private int _boundsGeneration;

    /// <summary>Which scoring path a search takes.</summary>
    internal enum SearchStrategy
    {
        /// <summary>MaxScore when it can help (see <see cref="PrefersMaxScore"/>), exhaustive otherwise.</summary>
        Auto,

        /// <summary>Score every posting of every query term.</summary>
        Exhaustive,

        /// <summary>MaxScore whatever the query.</summary>
        MaxScore,
    }

    /// <summary>
    /// MaxScore can skip documents only when there are at least two terms (one term's own bound is reached by its
    /// best document), and pays off only for a small K (at most <see cref="MaxScoreLargestTop"/>) below the number of chunks.
    /// </summary>
    private bool PrefersMaxScore(List<QueryTerm> terms, int top) =>
        terms.Count >= 2 && top <= MaxScoreLargestTop && top < _liveCount;

    /// <summary>Forgets every cached term bound; called with the norms lock held while the norms are recomputed.</summary>
    private void ForgetTermBounds()
    {
        if (_termMaxFrequency.Length < _termTexts.Length)
        {
            _termMaxFrequency = new double[_termTexts.Length];
            _termMaxGeneration = new int[_termTexts.Length];
        }

        // Generation 0 marks "never computed", so the counter skips it when it wraps.
        _boundsGeneration = _boundsGeneration == int.MaxValue ? 1 : _boundsGeneration + 1;
    }

    /// <summary>The largest BM25F pseudo-frequency of a term over all its postings (a superset of the live ones).</summary>
    private double MaxFrequency(int id)
    {
        int generation = _boundsGeneration;
        if (Volatile.Read(ref _termMaxGeneration[id]) == generation)
        {
            return _termMaxFrequency[id];
        }

        double max = 0;
        foreach (Bm25Posting posting in _postings[id].AsSpan(0, _postingCounts[id]))
        {
            max = Math.Max(max, WeightedFrequency(posting.Tf, posting.Doc));
        }

        _termMaxFrequency[id] = max;
        Volatile.Write(ref _termMaxGeneration[id], generation);
        return max;
    }

    private List<ScoredKey> SearchMaxScore(List<QueryTerm> terms, int top, CancellationToken cancellationToken)
    {
        int m = terms.Count;
        double k1 = _options.K1;
        ulong[]? dead = _deadCount == 0 ? null : _deadBits;
        var lists = new Bm25Posting[m][];
        var counts = new int[m];
        var weights = new double[m];
        var bounds = new double[m];
        for (int t = 0; t < m; t++)
        {
            int id = terms[t].Id;
            lists[t] = _postings[id];
            counts[t] = _postingCounts[id];
            weights[t] = terms[t].Weight;
            double max = MaxFrequency(id);
            bounds[t] = max > 0 ? weights[t] * (max / (k1 + max)) * (1 + BoundSlack) : 0;
        }

        // order: term indexes by ascending bound; below[j] bounds the terms order[0..j] together.
        var order = new int[m];
        for (int t = 0; t < m; t++)
        {
            order[t] = t;
        }

        Array.Sort(bounds.ToArray(), order);
        var below = new double[m];
        double running = 0;
        for (int j = 0; j < m; j++)
        {
            running += bounds[order[j]];
            below[j] = running * (1 + BoundSlack);
        }

        var cursors = new int[m];
        var contributions = new double[m];
        var heap = new Bm25TopK(Math.Min(top, _liveCount));
        double threshold = double.NegativeInfinity;
        int firstEssential = 0;
        int candidates = 0;
        while (true)
        {
            // The next candidate: the lowest ordinal among the essential terms' cursors.
            int d = int.MaxValue;
            for (int j = firstEssential; j < m; j++)
            {
                int t = order[j];
                if (cursors[t] < counts[t])
                {
                    d = Math.Min(d, lists[t][cursors[t]].Doc);
                }
            }

            if (d == int.MaxValue)
            {
                break;
            }

            if ((++candidates & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            Array.Clear(contributions);
            bool touched = false;
            double partial = 0;
            bool isDead = dead is not null && (dead[d >> 6] & (1UL << d)) != 0;
            for (int j = firstEssential; j < m; j++)
            {
                int t = order[j];
                if (cursors[t] < counts[t] && lists[t][cursors[t]].Doc == d)
                {
                    Bm25Posting posting = lists[t][cursors[t]++];
                    if (!isDead)
                    {
                        touched |= Contribute(t, posting, weights[t], k1, contributions, ref partial);
                    }
                }
            }

            if (isDead)
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
                int at = SeekFrom(lists[t], cursors[t], counts[t], d);
                cursors[t] = at;
                if (at < counts[t] && lists[t][at].Doc == d)
                {
                    touched |= Contribute(t, lists[t][at], weights[t], k1, contributions, ref partial);
                }
            }

            if (pruned || !touched)
            {
                continue;
            }

            // The exhaustive path adds contributions term by term in query order; adding 0 for an absent term changes nothing.
            double score = 0;
            for (int t = 0; t < m; t++)
            {
                score += contributions[t];
            }

            heap.Offer(score, _keys[d]);
            if (heap.IsFull && heap.WorstScore > threshold)
            {
                threshold = heap.WorstScore;
                while (firstEssential < m && below[firstEssential] < threshold)
                {
                    firstEssential++;
                }
            }
        }

        return heap.ToSortedList();
    }

    /// <summary>Records one posting's contribution, exactly as <see cref="Accumulate"/> computes it; false when it has none.</summary>
    private bool Contribute(int t, Bm25Posting posting, double weight, double k1, double[] contributions, ref double partial)
    {
        double weighted = WeightedFrequency(posting.Tf, posting.Doc);
        if (weighted <= 0)
        {
            return false;
        }

        double contribution = weight * weighted / (k1 + weighted);
        contributions[t] = contribution;
        partial += contribution;
        return true;
    }

    /// <summary>The first position at or after <paramref name="from"/> whose ordinal is at least <paramref name="target"/> (galloping search).</summary>
    private static int SeekFrom(Bm25Posting[] list, int from, int count, int target)
    {
        if (from >= count || list[from].Doc >= target)
        {
            return from;
        }

        // list[low] < target; grow the step until list[high] >= target or the end.
        int low = from;
        int step = 1;
        int high = from + 1;
        while (high < count && list[high].Doc < target)
        {
            low = high;
            step <<= 1;
            high = low + step;
        }

        high = Math.Min(high, count);
        // Invariant: list[low] < target, and list[high] >= target or high == count.
        while (high - low > 1)
        {
            int mid = low + ((high - low) >> 1);
            if (list[mid].Doc < target)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return high;
    }

    /// <summary>A query term with live postings: its id and its weight <c>qtf · idf · (k1 + 1)</c>.</summary>
    private readonly record struct QueryTerm(int Id, double Weight);
}
