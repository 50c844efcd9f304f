using Docent.Retrieval;
namespace Docent.Cluster;

/// <summary>How a coordinator treats its shards: how long to wait, how often to retry, and whether a search may answer without some. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class ShardedCollectionOptions
{
    /// <summary>How long one call to a shard may take before it counts as unanswered.</summary>
    public TimeSpan ShardTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one batch of files sent to a shard may take to ingest (parsing, chunking, embedding) before it counts as unanswered.</summary>
    public TimeSpan IngestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Calls to a shard before it is given up on. Between tries Orleans notices a lost silo and activates the shard on
    /// another, so a retry usually reaches the new owner.
    /// </summary>
    public int Attempts { get; set; } = 4;

    /// <summary>The wait before the second try; each later try waits one more such step.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Whether retrieval for answers may go on without shards that did not answer (the results then miss their documents,
    /// and the log says which); off, such a search fails with <see cref="PartialResultsException"/>. Searches through
    /// <see cref="ShardedCollection"/> itself always say which shards are missing.
    /// </summary>
    public bool AllowPartialResults { get; set; }

    /// <summary>Terms whose collection-wide document frequency is kept between searches before the cache starts afresh.</summary>
    public int MaxCachedTerms { get; set; } = 100_000;

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ShardTimeout, TimeSpan.Zero, nameof(ShardTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IngestTimeout, TimeSpan.Zero, nameof(IngestTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(Attempts, 1, nameof(Attempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCachedTerms, 1, nameof(MaxCachedTerms));
    }
}
