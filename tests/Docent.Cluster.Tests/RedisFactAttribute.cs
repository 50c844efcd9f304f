namespace Docent.Cluster.Tests;

/// <summary>
/// A test that needs Debian's <c>redis-server</c> (membership in Redis): it is skipped, saying so and how to install it,
/// when the program is not on the PATH (<c>.ci/run</c> installs it when it runs as root).
/// </summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.FindProgram() is null)
        {
            Skip = "redis-server is not installed (apt-get install redis-server), so cluster membership in Redis was not tested.";
        }
    }
}
