namespace Docent.Cluster;

/// <summary>One shard moved by a rebalance. Immutable.</summary>
/// <param name="Shard">The shard's index.</param>
/// <param name="From">The silo endpoint it was on.</param>
/// <param name="To">The silo endpoint it opened on after the move; null when it did not answer.</param>
public sealed record ShardMove(int Shard, string From, string? To);
