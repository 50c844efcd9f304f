namespace Docent.Retrieval;

/// <summary>
/// Keeps the best <c>capacity</c> (score, key) pairs offered to it in a binary min-heap whose root is the worst
/// kept entry; higher scores are better and equal scores prefer the lower key. Keys <c>filter</c> rejects (chunks the
/// caller may not read) never enter, so they cannot raise the entry threshold either. Not thread-safe (one per query).
/// </summary>
internal sealed class Bm25TopK(int capacity, Func<long, bool>? filter = null)
{
    private readonly double[] _scores = new double[capacity];
    private readonly long[] _keys = new long[capacity];
    private int _count;

    /// <summary>Whether <c>capacity</c> entries are kept, so an entry must beat <see cref="WorstScore"/> (or tie it with a lower key) to enter.</summary>
    public bool IsFull => _count == _scores.Length && _count > 0;

    /// <summary>The score of the worst kept entry; meaningful when <see cref="IsFull"/>.</summary>
    public double WorstScore => _scores[0];

    public void Offer(double score, long key)
    {
        if (filter is not null && !filter(key))
        {
            return;
        }

        if (_count < _scores.Length)
        {
            int at = _count++;
            while (at > 0)
            {
                int parent = (at - 1) >> 1;
                if (!IsWorse(score, key, _scores[parent], _keys[parent]))
                {
                    break;
                }

                _scores[at] = _scores[parent];
                _keys[at] = _keys[parent];
                at = parent;
            }

            _scores[at] = score;
            _keys[at] = key;
        }
        else if (_count > 0 && IsWorse(_scores[0], _keys[0], score, key))
        {
            SiftDown(score, key);
        }
    }

    /// <summary>The kept entries, best first.</summary>
    public List<ScoredKey> ToSortedList()
    {
        var result = new List<ScoredKey>(_count);
        for (int i = 0; i < _count; i++)
        {
            result.Add(new ScoredKey(_keys[i], _scores[i]));
        }

        result.Sort(static (x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : x.Key.CompareTo(y.Key));
        return result;
    }

    private static bool IsWorse(double score, long key, double otherScore, long otherKey) =>
        score < otherScore || (score == otherScore && key > otherKey);

    private void SiftDown(double score, long key)
    {
        int at = 0;
        while (true)
        {
            int child = (2 * at) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && IsWorse(_scores[child + 1], _keys[child + 1], _scores[child], _keys[child]))
            {
                child++;
            }

            if (!IsWorse(_scores[child], _keys[child], score, key))
            {
                break;
            }

            _scores[at] = _scores[child];
            _keys[at] = _keys[child];
            at = child;
        }

        _scores[at] = score;
        _keys[at] = key;
    }
}
