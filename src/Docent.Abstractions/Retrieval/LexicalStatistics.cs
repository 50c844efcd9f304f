namespace Docent.Retrieval;

/// <summary>
/// The collection-wide figures a BM25 score depends on: how many chunks are live, the total length of each field, and
/// how many live chunks hold each query term. A sharded collection sums its shards' figures (<see cref="Sum"/>) and
/// searches every shard with the sum, so each chunk scores exactly as it would in one index. Immutable.
/// </summary>
/// <param name="DocumentCount">Live chunks.</param>
/// <param name="TitleLength">Total analysed length of the title field over the live chunks.</param>
/// <param name="HeadingsLength">Total analysed length of the headings field.</param>
/// <param name="BodyLength">Total analysed length of the body field.</param>
/// <param name="DocumentFrequencies">For each analysed term asked about, the live chunks that hold it (0 included).</param>
public sealed record LexicalStatistics(
    long DocumentCount, long TitleLength, long HeadingsLength, long BodyLength, IReadOnlyDictionary<string, long> DocumentFrequencies)
{
    /// <summary>The figures of several disjoint indexes taken as one: every count and length added, term by term.</summary>
    public static LexicalStatistics Sum(IEnumerable<LexicalStatistics> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        long documents = 0, title = 0, headings = 0, body = 0;
        var frequencies = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            documents += part.DocumentCount;
            title += part.TitleLength;
            headings += part.HeadingsLength;
            body += part.BodyLength;
            foreach (var (term, frequency) in part.DocumentFrequencies)
            {
                frequencies[term] = frequencies.GetValueOrDefault(term) + frequency;
            }
        }

        return new LexicalStatistics(documents, title, headings, body, frequencies);
    }
}
