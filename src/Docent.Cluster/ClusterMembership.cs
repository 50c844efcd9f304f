using System.Net;
using Microsoft.Extensions.Hosting;

namespace Docent.Cluster;

/// <summary>
/// Where a cluster's silos find each other, from one setting: <c>localhost[:PRIMARY-PORT]</c> — silos on this machine,
/// the one on the primary silo port (11111 unless given) keeping the membership (development and benchmarks: it is a
/// single point of failure) — or <c>redis://HOST:PORT</c> — membership in Redis, which any silo can lose without the
/// cluster losing track. Immutable.
/// </summary>
public sealed record ClusterMembership
{
    /// <summary>The silo port the localhost form's primary silo listens on unless the setting names another.</summary>
    public const int DefaultPrimaryPort = 11111;

    private ClusterMembership(string? redis, int primaryPort)
    {
        Redis = redis;
        PrimaryPort = primaryPort;
    }

    /// <summary>The Redis server ("host:port"), or null for localhost membership.</summary>
    public string? Redis { get; }

    /// <summary>The localhost form's primary silo port.</summary>
    public int PrimaryPort { get; }

    /// <summary>Reads the setting; throws <see cref="FormatException"/> saying which forms there are.</summary>
    public static ClusterMembership Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        value = value.Trim();
        if (value.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new ClusterMembership(null, DefaultPrimaryPort);
        }

        if (value.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(value["localhost:".Length..], out int port) && port is > 0 and < 65536)
        {
            return new ClusterMembership(null, port);
        }

        if (value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) && value.Length > "redis://".Length)
        {
            return new ClusterMembership(value["redis://".Length..].TrimEnd('/'), DefaultPrimaryPort);
        }

        throw new FormatException(
            $"\"{value}\" is not a cluster membership: use localhost (silos on this machine; the one on port {DefaultPrimaryPort} keeps the membership), " +
            "localhost:PORT (another primary port), or redis://HOST:PORT (membership in Redis).");
    }

    /// <summary>Configures <paramref name="builder"/>'s membership and endpoints: silo-to-silo on <paramref name="siloPort"/>, clients on <paramref name="gatewayPort"/>.</summary>
    internal void Configure(ISiloBuilder builder, string clusterId, int siloPort, int gatewayPort, IPAddress advertise)
    {
        if (Redis is null)
        {
            builder.UseLocalhostClustering(siloPort, gatewayPort, new IPEndPoint(IPAddress.Loopback, PrimaryPort), serviceId: "docent", clusterId: clusterId);
            return;
        }

        builder.UseRedisClustering(Redis);
        builder.Configure<Orleans.Configuration.ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = "docent";
        });
        builder.ConfigureEndpoints(advertise, siloPort, gatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertise));
    }

    /// <inheritdoc />
    public override string ToString() => Redis is null ? (PrimaryPort == DefaultPrimaryPort ? "localhost" : $"localhost:{PrimaryPort}") : $"redis://{Redis}";
}
