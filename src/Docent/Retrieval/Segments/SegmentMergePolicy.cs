namespace Docent.Retrieval.Segments;

/// <summary>
/// Chooses which segments to merge, in tiers (as Lucene's log and tiered policies do): a segment's tier is the number
/// of times <see cref="MergeFactor"/> its live chunks exceed <see cref="FloorChunks"/> (smaller ones count as the
/// floor); once a tier holds <see cref="MergeFactor"/> segments, its smallest ones are merged into one of the next
/// tier, so a collection of N chunks keeps O(log N) segments and each chunk is rewritten O(log N) times. A segment
/// with more than a third of its chunks deleted is rewritten on its own. No merge produces a segment beyond
/// <see cref="MaxMergedBytes"/> (files must stay under 2 GB). Stateless and thread-safe.
/// </summary>
internal static class SegmentMergePolicy
{
    public const int MergeFactor = 10;

    public const int FloorChunks = 10_000;

    public const long MaxMergedBytes = 1L << 30;

    /// <summary>One segment as the policy sees it.</summary>
    public readonly record struct Candidate(int LiveChunks, int Chunks, long Bytes);

    /// <summary>The next merge to run (indexes into <paramref name="segments"/>), or an empty list when none is due.</summary>
    public static IReadOnlyList<int> NextMerge(IReadOnlyList<Candidate> segments)
    {
        // Rewrite a segment that is mostly deleted chunks.
        for (int s = 0; s < segments.Count; s++)
        {
            Candidate c = segments[s];
            if (c.Chunks > 0 && (c.Chunks - c.LiveChunks) * 3L > c.Chunks)
            {
                return [s];
            }
        }

        var byTier = segments
            .Select((c, s) => (Index: s, c.LiveChunks, c.Bytes, Tier: TierOf(c.LiveChunks)))
            .Where(x => x.Bytes < MaxMergedBytes / 2)
            .GroupBy(x => x.Tier)
            .OrderBy(g => g.Key);
        foreach (var tier in byTier)
        {
            if (tier.Count() < MergeFactor)
            {
                continue;
            }

            var chosen = new List<int>();
            long bytes = 0;
            foreach (var segment in tier.OrderBy(x => x.LiveChunks).ThenBy(x => x.Index))
            {
                if (chosen.Count == MergeFactor || bytes + segment.Bytes > MaxMergedBytes)
                {
                    break;
                }

                chosen.Add(segment.Index);
                bytes += segment.Bytes;
            }

            if (chosen.Count >= 2)
            {
                chosen.Sort();
                return chosen;
            }
        }

        return [];
    }

    /// <summary>The tier of a segment with <paramref name="liveChunks"/> live chunks.</summary>
    public static int TierOf(int liveChunks)
    {
        int tier = 0;
        long size = FloorChunks;
        while (liveChunks >= size * MergeFactor)
        {
            size *= MergeFactor;
            tier++;
        }

        return tier;
    }
}
