using System.Globalization;
using Docent.Ingestion;

namespace Docent.Cluster;

/// <summary>
/// Which shard a document lives in: its identity (the hash of its source, as a data folder names documents) modulo the
/// shard count, so re-ingesting a changed file replaces it where it lives and removing it finds it. Static; thread-safe.
/// </summary>
public static class ShardRouting
{
    /// <summary>The 0-based shard of the document whose source is <paramref name="source"/>.</summary>
    public static int ShardOf(string source, int shardCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ulong identity = ulong.Parse(DocumentIdentity.FromSource(source), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (int)(identity % (ulong)shardCount);
    }
}
