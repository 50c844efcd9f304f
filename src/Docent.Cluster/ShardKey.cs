using System.Globalization;

namespace Docent.Cluster;

/// <summary>
/// Names one shard of a sharded collection: the collection, the shard's index and how many shards the collection has. The
/// count travels in the grain key so a shard can refuse a coordinator that routes with another count. Immutable.
/// </summary>
/// <param name="Collection">The collection's name (letters, digits, '-' and '_').</param>
/// <param name="Index">The shard's 0-based index.</param>
/// <param name="Count">How many shards the collection has.</param>
public readonly record struct ShardKey(string Collection, int Index, int Count)
{
    /// <summary>The most shards a collection may have.</summary>
    public const int MaxShards = 4096;

    /// <summary>The grain key: "collection/index/count".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Collection}/{Index}/{Count}");

    /// <summary>Reads a grain key written by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">The key is not "collection/index/count" with 0 ≤ index &lt; count ≤ <see cref="MaxShards"/>.</exception>
    public static ShardKey Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('/');
        if (parts.Length == 3 && IsValidCollection(parts[0])
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count is >= 1 and <= MaxShards && index < count)
        {
            return new ShardKey(parts[0], index, count);
        }

        throw new FormatException($"\"{key}\" is not a shard key (collection/index/count).");
    }

    /// <summary>Whether <paramref name="name"/> can name a collection: 1–64 lower-case letters, digits, '-' or '_'.</summary>
    public static bool IsValidCollection(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');
}
