namespace Docent.Retrieval;

/// <summary>
/// Keeps the best <c>capacity</c> (score, key) pairs offered to it in a binary min-heap whose root is the worst
/// kept entry; higher scores are better and equal scores prefer the lower key. Not thread-safe (one per query).
/// </summary>
internal sealed class Bm25TopK(int capacity)
{
    private readonly double[] scores = new double[capacity];
    private readonly long[] keys = new long[capacity];
    private int count;

    public void Offer(double score, long key)
    {
        if (count < scores.Length)
        {
            int at = count++;
            while (at > 0)
            {
                int parent = (at - 1) >> 1;
                if (!IsWorse(score, key, scores[parent], keys[parent]))
                {
                    break;
                }

                scores[at] = scores[parent];
                keys[at] = keys[parent];
                at = parent;
            }

            scores[at] = score;
            keys[at] = key;
        }
        else if (count > 0 && IsWorse(scores[0], keys[0], score, key))
        {
            SiftDown(score, key);
        }
    }

    /// <summary>The kept entries, best first.</summary>
    public List<ScoredKey> ToSortedList()
    {
        var result = new List<ScoredKey>(count);
        for (int i = 0; i < count; i++)
        {
            result.Add(new ScoredKey(keys[i], scores[i]));
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
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && IsWorse(scores[child + 1], keys[child + 1], scores[child], keys[child]))
            {
                child++;
            }

            if (!IsWorse(scores[child], keys[child], score, key))
            {
                break;
            }

            scores[at] = scores[child];
            keys[at] = keys[child];
            at = child;
        }

        scores[at] = score;
        keys[at] = key;
    }
}
