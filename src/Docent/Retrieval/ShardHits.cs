namespace Docent.Retrieval;

/// <summary>
/// One shard's best chunks for a collection-wide search — keys and scores; the winners' text is fetched after the merge —
/// and the version of its index they were scored at (compared with the version its statistics came from). Immutable.
/// </summary>
/// <param name="Version">The store change the shard's index held through while it searched; -1 when it changed during the search.</param>
/// <param name="Hits">The shard's best chunk keys (the shard's own numbering), best first.</param>
public sealed record ShardHits(long Version, IReadOnlyList<ScoredKey> Hits);
