using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Docent.Cluster;

/// <summary>
/// Orleans placement for shard grains: shard i of a collection goes to silo i mod S of the S live silos in endpoint order,
/// so shards spread evenly whatever order they are first used in, and every silo computes the same home for a shard. When
/// silos join or leave, homes change; <see cref="ShardedCollection.RebalanceAsync"/> moves the shards not at theirs.
/// Immutable.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed class ShardPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static ShardPlacement Instance { get; } = new();

    /// <summary>The home of shard <paramref name="index"/> among <paramref name="silos"/>: silo endpoints in ordinal order, index mod count.</summary>
    public static string HomeOf(int index, IEnumerable<string> silos)
    {
        var ordered = silos.Order(StringComparer.Ordinal).ToArray();
        return ordered.Length == 0 ? throw new InvalidOperationException("No silo is live.") : ordered[index % ordered.Length];
    }
}

/// <summary>Marks a grain class as placed by <see cref="ShardPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShardPlacementAttribute : PlacementAttribute
{
    /// <summary>Creates the marker.</summary>
    public ShardPlacementAttribute()
        : base(ShardPlacement.Instance)
    {
    }
}

/// <summary>
/// Places a shard grain on the silo a move asked for (Orleans' placement hint), else on its home silo
/// (<see cref="ShardPlacement.HomeOf"/>). Stateless; thread-safe.
/// </summary>
internal sealed class ShardPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, silos) is { } hinted)
        {
            return Task.FromResult(hinted);
        }

        var key = ShardKey.Parse(target.GrainIdentity.Key.ToString()!);
        string home = ShardPlacement.HomeOf(key.Index, silos.Select(s => s.Endpoint.ToString()));
        return Task.FromResult(silos.First(s => s.Endpoint.ToString() == home));
    }
}
