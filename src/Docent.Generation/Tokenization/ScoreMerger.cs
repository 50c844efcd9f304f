namespace Docent.Generation.Tokenization;

/// <summary>
/// SentencePiece-style BPE by score, as llama.cpp's SPM tokenizer and llama2.c's <c>encode</c> do it: adjacent
/// symbols (contiguous spans of one string) are merged while their concatenation is a token, the pair whose token
/// has the highest score first and the leftmost pair among equal scores. Stateless; thread-safe.
/// </summary>
internal static class ScoreMerger
{
    /// <summary>
    /// Merges <paramref name="symbols"/> (consecutive spans covering <paramref name="text"/>, each with its token id
    /// or -1) in place and returns them in order, merged-away ones removed. Pairs whose token scores at most
    /// <paramref name="minimumScore"/> are never merged (llama2.c starts its search at -1e10).
    /// </summary>
    public static List<Symbol> Merge(
        string text,
        List<Symbol> symbols,
        Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup,
        float[] scores,
        float minimumScore)
    {
        var count = symbols.Count;
        var prev = new int[count];
        var next = new int[count];
        for (var i = 0; i < count; i++)
        {
            prev[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
        }

        var symbolArray = symbols.ToArray();
        var queue = new PriorityQueue<Bigram, Bigram>(Math.Max(count, 1), BigramOrder.Instance);
        for (var i = 1; i < count; i++)
        {
            TryAdd(i - 1, i);
        }

        while (queue.TryDequeue(out var bigram, out _))
        {
            ref var left = ref symbolArray[bigram.Left];
            ref var right = ref symbolArray[bigram.Right];
            if (left.Length == 0 || right.Length == 0 || left.Length + right.Length != bigram.Length)
            {
                continue; // one side has changed since this pair was queued
            }

            left.Length += right.Length;
            left.Id = bigram.Id;
            right.Length = 0;
            next[bigram.Left] = next[bigram.Right];
            if (next[bigram.Right] >= 0)
            {
                prev[next[bigram.Right]] = bigram.Left;
            }

            TryAdd(prev[bigram.Left], bigram.Left);
            TryAdd(bigram.Left, next[bigram.Left]);
        }

        var result = new List<Symbol>(count);
        for (var i = count > 0 ? 0 : -1; i >= 0; i = next[i])
        {
            result.Add(symbolArray[i]);
        }

        return result;

        void TryAdd(int left, int right)
        {
            if (left < 0 || right < 0)
            {
                return;
            }

            var start = symbolArray[left].Start;
            var length = symbolArray[left].Length + symbolArray[right].Length;
            if (lookup.TryGetValue(text.AsSpan(start, length), out var id) && (uint)id < (uint)scores.Length && scores[id] > minimumScore)
            {
                queue.Enqueue(new Bigram(left, right, length, id, scores[id]), new Bigram(left, right, length, id, scores[id]));
            }
        }
    }

    /// <summary>A span of the text being merged and its token id (-1 when it is no token).</summary>
    internal record struct Symbol(int Start, int Length, int Id);

    private readonly record struct Bigram(int Left, int Right, int Length, int Id, float Score);

    private sealed class BigramOrder : IComparer<Bigram>
    {
        public static readonly BigramOrder Instance = new();

        public int Compare(Bigram x, Bigram y)
        {
            var byScore = y.Score.CompareTo(x.Score);
            return byScore != 0 ? byScore : x.Left.CompareTo(y.Left);
        }
    }
}
