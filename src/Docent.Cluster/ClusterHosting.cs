using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Serialization;

namespace Docent.Cluster;

/// <summary>Registers Docent's cluster parts with Orleans hosts. Static.</summary>
public static class ClusterHosting
{
    /// <summary>
    /// Makes the host a silo of a Docent cluster: membership and endpoints from <paramref name="options"/>, shards under its
    /// data root, Docent's records in grain calls.
    /// </summary>
    public static IHostApplicationBuilder AddDocentSilo(this IHostApplicationBuilder builder, SiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        builder.UseOrleans(silo =>
        {
            options.Membership.Configure(silo, options.ClusterId, options.SiloPort, options.GatewayPort, options.AdvertisedAddress);
            silo.AddDocentShards(options.Shards);
        });
        return builder;
    }

    /// <summary>
    /// Lets this silo hold shards under <paramref name="options"/>' data root (the grains come with this assembly), and
    /// carry Docent's records in grain calls.
    /// </summary>
    public static ISiloBuilder AddDocentShards(this ISiloBuilder builder, ShardHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new ShardHost(options));
        builder.AddPlacementDirector<ShardPlacement, ShardPlacementDirector>();
        builder.Services.AddDocentSerialization();
        return builder;
    }

    /// <summary>
    /// Carries Docent's records (statistics, hits, chunks, documents, ingest results) in grain calls as JSON: they are
    /// plain immutable records of the engine, which does not depend on Orleans. Needed by silos and clients alike.
    /// </summary>
    public static IServiceCollection AddDocentSerialization(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddSerializer(serializer => serializer.AddJsonSerializer(isSerializable: IsDocentType, isCopyable: IsDocentType));
    }

    private static bool IsDocentType(Type type) =>
        type.Namespace is { } ns && (ns == "Docent" || ns.StartsWith("Docent.", StringComparison.Ordinal));
}
