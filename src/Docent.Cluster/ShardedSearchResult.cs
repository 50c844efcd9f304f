using Docent.Retrieval;

namespace Docent.Cluster;

/// <summary>
/// A collection-wide search's hits, and which shards it could not reach after every retry — a result is complete only
/// when none is missing. Immutable.
/// </summary>
/// <param name="Hits">The best chunks over the shards that answered, best first.</param>
/// <param name="MissingShards">Shards that did not answer (their documents are not in <paramref name="Hits"/>).</param>
/// <param name="StatisticsCurrent">False when shards kept changing between reading statistics and searching, so scores use figures a write old.</param>
public sealed record ShardedSearchResult(IReadOnlyList<RetrievedChunk> Hits, IReadOnlyList<int> MissingShards, bool StatisticsCurrent = true)
{
    /// <summary>Whether some shard's documents are missing from <see cref="Hits"/>.</summary>
    public bool IsPartial => MissingShards.Count > 0;
}
