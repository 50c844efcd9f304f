using System.Collections.Concurrent;
using Docent.Cluster;
using Docent.Server.Collections;
using Docent.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Docent.Cli.Commands;

/// <summary>
/// The endpoints a silo adds under <c>docent serve --cluster</c>: where a collection's shards are and what each holds
/// (read scope), and the rebalance that moves shards to silos that joined (admin scope). Static.
/// </summary>
internal static class ClusterEndpoints
{
    /// <summary>Maps the endpoints over the silo's collections (<paramref name="collections"/> holds one coordinator per collection).</summary>
    public static void Map(WebApplication app, ConcurrentDictionary<string, ShardedCollection> collections)
    {
        var shards = app.MapGroup("/api/collections/{collection}/shards");
        shards.MapGet("", async (string collection, CollectionRegistry registry, CancellationToken ct) =>
            await registry.GetAsync(collection, ct) is null || !collections.TryGetValue(collection, out var sharded)
                ? NoCollection(collection)
                : Results.Ok(await sharded.GetSummariesAsync(ct)))
            .WithName("ListShards").RequireScope(ApiScope.Read);
        shards.MapPost("/rebalance", async (string collection, CollectionRegistry registry, CancellationToken ct) =>
            await registry.GetAsync(collection, ct) is null || !collections.TryGetValue(collection, out var sharded)
                ? NoCollection(collection)
                : Results.Ok(new { moves = await sharded.RebalanceAsync(ct) }))
            .WithName("RebalanceShards").RequireScope(ApiScope.Admin);
    }

    private static IResult NoCollection(string name) =>
        Results.Problem($"There is no collection \"{name}\". GET /api/collections lists them.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
