namespace Docent.Retrieval;

/// <summary>
/// A retriever decorator that keeps one copy of a passage found in several files (a manual shipped as HTML and as PDF,
/// a page copied into two folders): a result whose overlapping three-word runs are at least
/// <see cref="MinimumContainment"/> shared with a better-ranked result's (as a share of the shorter of the two) is
/// dropped and the rest move up. It asks the inner retriever for twice the requested top so that the list stays full.
/// The runs are 64-bit hashes indexed by the results kept so far, so a search costs one pass over the candidates' words,
/// not a comparison of every pair. Hand-written because what counts as "the same passage" depends on our chunk text;
/// thread-safe when the inner retriever is.
/// </summary>
public sealed class DuplicateCollapsingRetriever(IRetriever innerRetriever) : DelegatingRetriever(innerRetriever)
{
    /// <summary>Share of the shorter passage's three-word runs that must occur in the other for the two to be one passage.</summary>
    public const double MinimumContainment = 0.8;

    /// <inheritdoc />
    public override async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new RetrievalOptions();
        options.Validate();
        var wider = options.WithTop(Math.Min(options.Top * 2, 10_000));
        var results = await InnerRetriever.RetrieveAsync(query, wider, cancellationToken).ConfigureAwait(false);
        var kept = new List<RetrievedChunk>(Math.Min(results.Count, options.Top));
        var keptSizes = new List<int>();
        var owners = new Dictionary<ulong, List<int>>();
        var shared = new Dictionary<int, int>();
        foreach (var result in results)
        {
            if (kept.Count == options.Top)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var shingles = Shingles(result.Chunk.Text);
            shared.Clear();
            foreach (var shingle in shingles)
            {
                if (owners.TryGetValue(shingle, out var holders))
                {
                    foreach (var holder in holders)
                    {
                        shared[holder] = shared.GetValueOrDefault(holder) + 1;
                    }
                }
            }

            if (shared.Any(s => s.Value >= MinimumContainment * Math.Min(shingles.Count, keptSizes[s.Key])))
            {
                continue;
            }

            var index = kept.Count;
            kept.Add(result with { Rank = index + 1 });
            keptSizes.Add(shingles.Count);
            foreach (var shingle in shingles)
            {
                if (!owners.TryGetValue(shingle, out var holders))
                {
                    owners[shingle] = holders = [];
                }

                holders.Add(index);
            }
        }

        return kept;
    }

    /// <summary>
    /// Hashes of the lower-cased three-word runs of letters and digits (FNV-1a per word, combined by position); a text
    /// of fewer than three words gives one run of all its words.
    /// </summary>
    internal static HashSet<ulong> Shingles(string text)
    {
        var words = new List<ulong>();
        var hash = 14695981039346656037UL;
        var inWord = false;
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                hash = (hash ^ char.ToLowerInvariant(c)) * 1099511628211UL;
                inWord = true;
            }
            else if (inWord)
            {
                words.Add(hash);
                hash = 14695981039346656037UL;
                inWord = false;
            }
        }

        var shingles = new HashSet<ulong>();
        if (words.Count < 3)
        {
            shingles.Add(words.Aggregate(17UL, (run, word) => (run * 1_000_003UL) ^ word));
            return shingles;
        }

        for (var i = 0; i + 3 <= words.Count; i++)
        {
            shingles.Add((((words[i] * 1_000_003UL) ^ words[i + 1]) * 1_000_003UL) ^ words[i + 2]);
        }

        return shingles;
    }

    /// <summary>Whether the smaller set is (nearly) contained in the larger one (the rule the search applies, for tests).</summary>
    internal static bool SamePassage(HashSet<ulong> a, HashSet<ulong> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        return small.Count(large.Contains) >= MinimumContainment * small.Count;
    }
}
