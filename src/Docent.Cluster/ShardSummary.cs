namespace Docent.Cluster;

/// <summary>What one shard holds and where it runs, for status pages and the scale-out benchmark. Immutable.</summary>
/// <param name="Shard">The shard's key.</param>
/// <param name="Silo">The endpoint of the silo that holds the shard now ("127.0.0.1:11111").</param>
/// <param name="Documents">Documents stored.</param>
/// <param name="Chunks">Live chunks in the lexical index.</param>
/// <param name="Version">The store change the shard's index holds through.</param>
/// <param name="ProcessManagedBytes">Managed heap of the silo's process (all its shards together).</param>
/// <param name="ProcessWorkingSetBytes">Working set of the silo's process (mapped index pages included).</param>
public sealed record ShardSummary(string Shard, string Silo, long Documents, int Chunks, long Version, long ProcessManagedBytes, long ProcessWorkingSetBytes);
