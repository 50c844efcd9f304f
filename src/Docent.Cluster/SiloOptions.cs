using System.Net;

namespace Docent.Cluster;

/// <summary>How a process joins a Docent cluster as a silo (<c>docent serve --cluster</c>). Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class SiloOptions
{
    /// <summary>Where the silos find each other.</summary>
    public ClusterMembership Membership { get; set; } = ClusterMembership.Parse("localhost");

    /// <summary>Names the cluster; silos with another id do not join it.</summary>
    public string ClusterId { get; set; } = "docent";

    /// <summary>The port silos talk to each other on.</summary>
    public int SiloPort { get; set; } = ClusterMembership.DefaultPrimaryPort;

    /// <summary>The port clients reach this silo on.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at (loopback for silos on one machine).</summary>
    public IPAddress AdvertisedAddress { get; set; } = IPAddress.Loopback;

    /// <summary>Where the shards live and how they open.</summary>
    public ShardHostOptions Shards { get; set; } = new();

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Membership);
        ArgumentException.ThrowIfNullOrWhiteSpace(ClusterId);
        ArgumentOutOfRangeException.ThrowIfLessThan(SiloPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SiloPort, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(GatewayPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(GatewayPort, 65535);
        if (SiloPort == GatewayPort)
        {
            throw new ArgumentException($"The silo port and the gateway port are both {SiloPort}; give each its own.");
        }

        Shards.Validate();
    }
}
